// A notice reached by its number without signing in: its page, its PDF and paying it (ADR 0023).
// Every route goes through the notice limiter first and tells it how the access went. A stranger
// sees what pagoPA Checkout shows — creditor, object, amount, due date — and nothing of the debtor:
// the PDF, which prints the debtor's name and fiscal code, is sent only to whoever types that fiscal
// code (a wrong one is a failure) or is signed in as the debtor.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../../http/downloads.ts';
import { csrfToken, csrfValid } from '../../http/web/csrf.ts';
import type { Clock } from '../../shared/clock.ts';
import { todayInRome } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import type { Entity } from '../entities/entity.ts';
import type { NoticesService } from '../notices/notices.service.ts';
import type { AttemptsService } from '../payments/attempts/attempts.service.ts';
import { refusal } from '../payments/station/notice-state.ts';
import type { StationNotice } from '../positions/notice-lookup.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import { entityOfUrl } from './citizen.ts';
import type { NoticeAccess } from './notice-access.ts';
import { noticeView } from './notice-view.ts';
import type { PortalPages } from './pages.ts';
import { inProgressText, payerActor, portalStart } from './payment.http.ts';
import { rememberPayment } from './payments-cookie.ts';
import { languageOf, page } from './web.ts';

export interface NoticeRouteDeps {
  entities: Parameters<typeof entityOfUrl>[0];
  positions: Pick<PositionsService, 'lookupNotice'>;
  attempts: Pick<AttemptsService, 'start'>;
  notices: Pick<NoticesService, 'pdf'>;
  clock: Clock;
  noticeAccess: NoticeAccess;
}

/** The notice `nav` of the entity if it can be paid now; undefined otherwise (unknown, paid, cancelled...). */
export async function payableNotice(
  deps: Pick<NoticeRouteDeps, 'positions' | 'clock'>,
  entity: Entity,
  nav: string,
): Promise<StationNotice | undefined> {
  if (!/^\d{18}$/.test(nav)) return undefined;
  const found = await deps.positions.lookupNotice(entity.fiscalCode, nav);
  const notice = found?.notice;
  if (!found || !notice) return undefined;
  const refused = refusal({ ...notice, payableAfterDue: found.entity.payableAfterDue }, todayInRome(deps.clock.now()));
  return refused ? undefined : notice;
}

/** A fiscal code as people type it: spaces dropped, capitals. */
const typedFiscalCode = (typed: unknown) =>
  String(typed ?? '')
    .replace(/\s+/g, '')
    .toUpperCase();

type NoticeRequest = FastifyRequest<{
  Params: { fiscalCode: string; nav: string };
  Body: { _csrf?: string; debtorFiscalCode?: string };
}>;

export function registerNoticeRoutes(
  app: FastifyInstance,
  deps: NoticeRouteDeps,
  portal: PortalPages,
  options: { publicUrl: string },
) {
  const { keys, base, message } = portal;
  const access = deps.noticeAccess;
  const html = { hide: true } as const;

  /** Whether the visitor is signed in as the notice's debtor. */
  async function isDebtor(request: FastifyRequest, notice: StationNotice) {
    const session = await portal.sessionOf(request);
    return session !== undefined && session.fiscalCode.toUpperCase() === notice.debtor.fiscalCode.toUpperCase();
  }

  /** The notice page: the notice without its debtor, paying, and the PDF (a link for the debtor, else the form). */
  async function noticePage(
    request: NoticeRequest,
    reply: FastifyReply,
    entity: Entity,
    notice: StationNotice,
    extra: { problem?: string; status?: number; pdfError?: string; typed?: string } = {},
  ) {
    const model = base(request, reply, entity);
    const t = model.t;
    return page(
      request,
      reply,
      'notice.njk',
      {
        ...model,
        title: extra.pdfError ? `${t.errorSummaryTitle}: ${t.noticeTitle}` : t.noticeTitle,
        entity,
        notice: noticeView(notice, model.lang),
        pdfLink: await isDebtor(request, notice),
        problem: extra.problem,
        pdfError: extra.pdfError,
        debtorFiscalCode: extra.typed,
        errors: extra.pdfError ? [{ field: 'debtorFiscalCode', message: extra.pdfError }] : [],
        csrf: csrfToken(request, reply, keys),
      },
      { status: extra.status ?? 200 },
    );
  }

  async function sendPdf(request: FastifyRequest, reply: FastifyReply, entity: Entity, notice: StationNotice) {
    const lang = languageOf(request, reply);
    const { stream, fileName } = await deps.notices.pdf(entity, notice.iupd, {
      nav: notice.nav,
      // The notice as the body prints it for readers of the page's language (German: Italian and German).
      language: lang === 'en' ? 'it-en' : lang === 'de' ? 'it-de' : 'it',
    });
    return sendDownload(reply, { contentType: 'application/pdf', fileName, body: stream });
  }

  /** The entity and its payable notice of the URL, once the limiter admits the visitor; undefined after a 404. */
  async function admittedNotice(request: NoticeRequest, reply: FastifyReply, form = false) {
    const entity = await entityOfUrl(deps.entities, request.params.fiscalCode);
    if (!entity) return void message(request, reply, 404, 'notFound');
    if (form && !csrfValid(request, keys, request.body?._csrf)) {
      return void message(request, reply, 400, 'expiredForm', entity);
    }
    const ticket = await access.admit(request, entity);
    const notice = await payableNotice(deps, entity, request.params.nav);
    if (!notice) {
      await ticket.failed();
      return void message(request, reply, 404, 'notFound', entity);
    }
    return { entity, notice, ticket };
  }

  app.get('/e/:fiscalCode/avviso/:nav', { schema: html }, async (request: NoticeRequest, reply) => {
    const found = await admittedNotice(request, reply);
    if (!found) return reply;
    await found.ticket.succeeded();
    return noticePage(request, reply, found.entity, found.notice);
  });

  // The PDF as a link: for the debtor signed in; anyone else is sent to the notice page's form.
  app.get('/e/:fiscalCode/avviso/:nav/pdf', { schema: html }, async (request: NoticeRequest, reply) => {
    const found = await admittedNotice(request, reply);
    if (!found) return reply;
    await found.ticket.succeeded();
    if (!(await isDebtor(request, found.notice))) {
      return reply.redirect(`/e/${found.entity.fiscalCode}/avviso/${found.notice.nav}#debtorFiscalCode`, 303);
    }
    return sendPdf(request, reply, found.entity, found.notice);
  });

  // The PDF for whoever types the debtor's fiscal code; a wrong one counts as a failure.
  app.post('/e/:fiscalCode/avviso/:nav/pdf', { schema: html }, async (request: NoticeRequest, reply) => {
    const found = await admittedNotice(request, reply, true);
    if (!found) return reply;
    const { entity, notice, ticket } = found;
    const typed = typedFiscalCode(request.body?.debtorFiscalCode);
    const t = base(request, reply, entity).t;
    if (typed === '') {
      await ticket.succeeded();
      return noticePage(request, reply, entity, notice, { pdfError: t.errorDebtorEmpty, status: 400 });
    }
    if (typed !== notice.debtor.fiscalCode.toUpperCase()) {
      await ticket.failed();
      return noticePage(request, reply, entity, notice, { pdfError: t.errorDebtorWrong, typed, status: 400 });
    }
    await ticket.succeeded();
    return sendPdf(request, reply, entity, notice);
  });

  app.post('/e/:fiscalCode/avviso/:nav/paga', { schema: html }, async (request: NoticeRequest, reply) => {
    const entity = await entityOfUrl(deps.entities, request.params.fiscalCode);
    if (!entity) return message(request, reply, 404, 'notFound');
    if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
    // Paying names a notice number too: the same limiter as looking one up, or it would be a way round it.
    const ticket = await access.admit(request, entity);
    try {
      const { attempt } = await deps.attempts.start(
        entity,
        portalStart(request, keys, options.publicUrl, [request.params.nav]),
        payerActor(request),
      );
      await ticket.succeeded();
      rememberPayment(request, reply, keys, attempt.id);
      return reply.redirect(`/pagamento/${attempt.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const notice =
        error.code === 'NOT_PAYABLE' || error.code === 'VALIDATION_FAILED'
          ? undefined
          : await payableNotice(deps, entity, request.params.nav);
      if (!notice) {
        await ticket.failed();
        return message(request, reply, 404, 'notFound', entity);
      }
      await ticket.succeeded();
      const t = base(request, reply, entity).t;
      const inProgress = error.code === 'PAYMENT_IN_PROGRESS';
      return noticePage(request, reply, entity, notice, {
        problem: inProgress ? inProgressText(t.inProgressText, error, deps.clock.now()) : t.checkoutDown,
        status: inProgress ? 409 : 502,
      });
    }
  });
}
