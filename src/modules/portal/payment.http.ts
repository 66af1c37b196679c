// The result of a payment started on the portal, for the browser that started it (its signed cookie
// names the attempt; any other browser gets 404): the page that sends the payer to Checkout and then
// tells the truth — being confirmed, paid with the receipts, or not completed with a retry of the same
// notices — and the receipts of the notices it paid. A browser asking for a payment that is not its
// own counts as a failure for the notice limiter (ADR 0023); its own result page, which refreshes
// itself, counts nothing.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../../http/downloads.ts';
import { acceptForms } from '../../http/forms.ts';
import { csrfToken, csrfValid } from '../../http/web/csrf.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatItalianDate, romeTimeOfDay, todayInRome } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { formatEuro } from '../../shared/money.ts';
import { citizenPrincipal } from '../../shared/principal.ts';
import { requestActor } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { ATTEMPT_TTL_MS, type Attempt } from '../payments/attempts/attempt.ts';
import type { AttemptsService, StartRequest } from '../payments/attempts/attempts.service.ts';
import type { ReceiptsService } from '../receipts/receipts.service.ts';
import type { NoticeAccess } from './notice-access.ts';
import { noticeView } from './notice-view.ts';
import type { PortalPages } from './pages.ts';
import { rememberedPayments, rememberPayment } from './payments-cookie.ts';
import { browserTag, languageOf, type PortalKeys, page } from './web.ts';

export interface PaymentResultDeps {
  entities: Pick<EntitiesService, 'byId'>;
  attempts: Pick<AttemptsService, 'start' | 'byId'>;
  receipts: Pick<ReceiptsService, 'list' | 'pdf'>;
  noticeAccess: Pick<NoticeAccess, 'admit'>;
  clock: Pick<Clock, 'now'>;
}

/** The audit actor of a payer who did not sign in. */
export const payerActor = (request: FastifyRequest) => requestActor(citizenPrincipal(), request);

/** Where Checkout sends the payer back, whatever the outcome: the result page of the attempt. */
export function paymentReturnUrls(publicUrl: string): StartRequest['returnUrls'] {
  const back = `${publicUrl.replace(/\/+$/, '')}/pagamento/{attemptId}`;
  return { ok: back, cancel: back, error: back, waiting: back };
}

/**
 * A portal start: Cassa's result page as the return URL, and this browser's tag, so that a live
 * attempt is taken up again only by the browser that started it (never the back office's, never
 * another citizen's). A request without the CSRF cookie (it never passes csrfValid) resumes nothing.
 */
export function portalStart(
  request: FastifyRequest,
  keys: PortalKeys,
  publicUrl: string,
  noticeNumbers: string[],
): StartRequest {
  const tag = browserTag(request, keys) ?? `none:${randomUUID()}`;
  return { noticeNumbers, returnUrls: paymentReturnUrls(publicUrl), browserTag: tag };
}

/** The "in progress elsewhere" text of a PAYMENT_IN_PROGRESS, with when to try again (Rome time). */
export function inProgressText(template: string, error: AppError, now: Date): string {
  const free = new Date(now.getTime() + (error.retryAfterSeconds ?? ATTEMPT_TTL_MS / 1000) * 1000);
  return template.replaceAll('{time}', romeTimeOfDay(free)).replaceAll('{date}', formatItalianDate(todayInRome(free)));
}

export function registerPaymentResultRoutes(
  app: FastifyInstance,
  deps: PaymentResultDeps,
  portal: PortalPages,
  options: { publicUrl: string },
) {
  const { keys, base, message } = portal;
  const { publicUrl } = options;

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;

    /**
     * A payment attempt of this browser (its signed cookie names it), or undefined (a failure for the
     * limiter); `notice`, when given, must be one of its notices.
     */
    async function ownAttempt(
      request: FastifyRequest,
      id: string,
      notice?: string,
    ): Promise<{ attempt: Attempt; entity: Entity } | undefined> {
      const ticket = await deps.noticeAccess.admit(request);
      const attempt = rememberedPayments(request, keys).includes(id) ? await deps.attempts.byId(id) : undefined;
      const entity = attempt && (await deps.entities.byId(attempt.entityId));
      const known = notice === undefined || attempt?.notices.some((n) => n.nav === notice);
      if (attempt && entity && known) {
        await ticket.release();
        return { attempt, entity };
      }
      await ticket.failed();
      return undefined;
    }

    app.get<{ Params: { id: string } }>('/pagamento/:id', { schema: html }, async (request, reply) => {
      const own = await ownAttempt(request, request.params.id);
      if (!own) return message(request, reply, 404, 'notFound');
      const { attempt } = own;
      const state =
        attempt.status === 'SUCCEEDED'
          ? 'paid'
          : attempt.status === 'FAILED' || attempt.status === 'EXPIRED'
            ? 'failed'
            : attempt.status === 'STARTED' && attempt.lastReturn === null && attempt.redirectUrl
              ? 'redirect'
              : 'confirming';
      return resultPage(request, reply, own, state);
    });

    function resultPage(
      request: FastifyRequest,
      reply: FastifyReply,
      own: { attempt: Attempt; entity: Entity },
      state: 'paid' | 'failed' | 'redirect' | 'confirming',
      problem?: { text: string; status: number },
    ) {
      const { attempt, entity } = own;
      const model = base(request, reply, entity);
      const heading = {
        paid: model.t.paidTitle,
        failed: model.t.failedTitle,
        redirect: model.t.redirectTitle,
        confirming: model.t.confirmingTitle,
      }[state];
      return page(
        request,
        reply,
        'payment.njk',
        {
          ...model,
          title: heading,
          state,
          attemptId: attempt.id,
          redirectUrl: attempt.redirectUrl,
          // The checkout page opens by itself; while confirming, the page looks again every 5 seconds.
          refresh: state === 'redirect' ? `0;url=${attempt.redirectUrl}` : state === 'confirming' ? '5' : undefined,
          notices: attempt.notices.map((n) => noticeView({ ...n, dueDate: '' }, model.lang)),
          total: formatEuro(attempt.totalCents, model.lang),
          retry: state === 'failed' ? `/pagamento/${attempt.id}/riprova` : undefined,
          problem: problem?.text,
          csrf: csrfToken(request, reply, keys),
        },
        { status: problem?.status ?? 200 },
      );
    }

    // A payment that did not complete, tried again with the same notices (one or a whole cart).
    app.post<{ Params: { id: string }; Body: { _csrf?: string } }>(
      '/pagamento/:id/riprova',
      { schema: html },
      async (request, reply) => {
        const own = await ownAttempt(request, request.params.id);
        if (!own) return message(request, reply, 404, 'notFound');
        const { attempt, entity } = own;
        if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
        if (attempt.status !== 'FAILED' && attempt.status !== 'EXPIRED') {
          return reply.redirect(`/pagamento/${attempt.id}`, 303);
        }
        try {
          const { attempt: again } = await deps.attempts.start(
            entity,
            portalStart(
              request,
              keys,
              publicUrl,
              attempt.notices.map((n) => n.nav),
            ),
            payerActor(request),
          );
          rememberPayment(request, reply, keys, again.id);
          return reply.redirect(`/pagamento/${again.id}`, 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const t = base(request, reply, entity).t;
          const problem =
            error.code === 'PAYMENT_IN_PROGRESS'
              ? { text: inProgressText(t.inProgressText, error, deps.clock.now()), status: 409 }
              : error.code === 'NOT_PAYABLE' || error.code === 'VALIDATION_FAILED'
                ? { text: t.retryNotPayable, status: 422 }
                : error.code === 'CHECKOUT_UNAVAILABLE'
                  ? { text: t.checkoutDown, status: 502 }
                  : undefined;
          if (!problem) throw error;
          return resultPage(request, reply, own, 'failed', problem);
        }
      },
    );

    app.get<{ Params: { id: string; nav: string } }>(
      '/pagamento/:id/ricevuta/:nav',
      { schema: html },
      async (request, reply) => {
        const own = await ownAttempt(request, request.params.id, request.params.nav);
        const notice = own?.attempt.notices.find((n) => n.nav === request.params.nav);
        if (!own || !notice) return message(request, reply, 404, 'notFound');
        const { receipts } = await deps.receipts.list(own.entity, { nav: notice.nav, limit: 20, offset: 0 });
        const receipt = receipts.find((r) => r.details?.paymentNote === own.attempt.id) ?? receipts.at(-1);
        if (!receipt) return message(request, reply, 404, 'notFound', own.entity);
        const lang = languageOf(request, reply);
        const pdf = await deps.receipts.pdf(own.entity, receipt, lang === 'en' ? 'it-en' : 'it', payerActor(request));
        return sendDownload(reply, {
          contentType: 'application/pdf',
          fileName: `ricevuta-${notice.nav}.pdf`,
          body: pdf,
        });
      },
    );
  }
}
