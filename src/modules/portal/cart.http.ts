// The signed-in citizen's cart and payment history at one entity: put up to five of one's notices
// aside, pay them together through pagoPA Checkout (or the sandbox), and find every payment made
// with its receipt. Only the citizen's own notices and receipts; anything else is the same 404.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../../http/downloads.ts';
import { acceptForms } from '../../http/forms.ts';
import { csrfValid } from '../../http/web/csrf.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatItalianDate, type IsoDate, todayInRome } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { type Cents, formatEuro } from '../../shared/money.ts';
import { CART_LIMIT, type CartLine, type CartService } from '../cart/cart.service.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { citizenActor } from '../identity/citizen-actor.ts';
import type { CitizenSession, SessionsService } from '../identity/sessions.service.ts';
import { NO_DUE_DATE_FROM } from '../notices/notice.ts';
import type { AttemptsService } from '../payments/attempts/attempts.service.ts';
import type { ReceiptsService } from '../receipts/receipts.service.ts';
import { citizenGate } from './citizen.ts';
import type { PortalPages } from './pages.ts';
import { inProgressText, portalStart } from './payment.http.ts';
import { rememberPayment } from './payments-cookie.ts';
import { languageOf, page } from './web.ts';

export interface CartDeps {
  entities: Pick<EntitiesService, 'byFiscalCode'>;
  sessions: Pick<SessionsService, 'resolve'>;
  cart: CartService;
  attempts: Pick<AttemptsService, 'start'>;
  receipts: Pick<ReceiptsService, 'list' | 'byId' | 'pdf'>;
  clock: Pick<Clock, 'now'>;
}

const PAGE_SIZE = 20;

export function registerCartRoutes(
  app: FastifyInstance,
  deps: CartDeps,
  portal: PortalPages,
  options: { publicUrl: string },
) {
  const { keys, message } = portal;
  const gate = citizenGate(deps, portal);

  app.register(async (scope) => {
    acceptForms(scope);
    routes(scope);
  });

  function lineView(line: CartLine, entity: Entity, { t, lang }: ReturnType<PortalPages['base']>) {
    const n = line.notice;
    return {
      nav: line.nav,
      navFormatted: formatNoticeNumber(line.nav),
      description: n?.description ?? '',
      amount: n ? formatEuro(n.amountCents, lang) : '',
      dueDate: !n ? '' : n.dueDate >= NO_DUE_DATE_FROM ? t.noDueDate : formatItalianDate(n.dueDate as IsoDate),
      payable: line.payable,
      href: n ? `/e/${entity.fiscalCode}/posizioni/${encodeURIComponent(n.iupd)}` : undefined,
    };
  }

  async function cartPage(
    request: FastifyRequest,
    reply: FastifyReply,
    entity: Entity,
    session: CitizenSession,
    extra: { problem?: string; added?: boolean; removed?: boolean } = {},
    status = 200,
  ) {
    const model = gate.model(request, reply, session, entity);
    const lines = await deps.cart.lines(entity, session.fiscalCode);
    const payable = lines.filter((l) => l.payable && l.notice);
    const total = payable.reduce((sum, l) => sum + l.notice!.amountCents, 0) as Cents;
    return page(
      request,
      reply,
      'cart.njk',
      {
        ...model,
        title: extra.problem ? `${model.t.errorSummaryTitle}: ${model.t.cartTitle}` : model.t.cartTitle,
        entity,
        lines: lines.map((l) => lineView(l, entity, model)),
        payableCount: payable.length,
        total: formatEuro(total, model.lang),
        limit: CART_LIMIT,
        used: lines.length,
        ...extra,
      },
      { status },
    );
  }

  function routes(app: FastifyInstance) {
    const html = { hide: true } as const;
    type CartRequest = FastifyRequest<{
      Params: { fiscalCode: string; nav?: string };
      Body: { nav?: string; _csrf?: string };
      Querystring: { aggiunto?: string; rimosso?: string };
    }>;

    app.get('/e/:fiscalCode/carrello', { schema: html }, async (request: CartRequest, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      return cartPage(request, reply, who.entity, who.session, {
        added: request.query.aggiunto === '1',
        removed: request.query.rimosso === '1',
      });
    });

    app.post('/e/:fiscalCode/carrello', { schema: html }, async (request: CartRequest, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const { entity, session } = who;
      if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
      const nav = String(request.body?.nav ?? '');
      try {
        await deps.cart.add(entity, session.fiscalCode, nav, citizenActor(request, session));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const t = portal.base(request, reply, entity).t;
        if (error.code === 'CART_FULL') return cartPage(request, reply, entity, session, { problem: t.cartFull }, 409);
        if (error.code === 'NOT_PAYABLE') {
          return cartPage(request, reply, entity, session, { problem: t.cartNotPayable }, 422);
        }
        if (error.code === 'NOT_FOUND') return message(request, reply, 404, 'notFound', entity);
        throw error;
      }
      return reply.redirect(`/e/${entity.fiscalCode}/carrello?aggiunto=1`, 303);
    });

    app.post('/e/:fiscalCode/carrello/:nav/rimuovi', { schema: html }, async (request: CartRequest, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const { entity, session } = who;
      if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
      const removed = await deps.cart.remove(
        entity,
        session.fiscalCode,
        String(request.params.nav),
        citizenActor(request, session),
      );
      if (!removed) return message(request, reply, 404, 'notFound', entity);
      return reply.redirect(`/e/${entity.fiscalCode}/carrello?rimosso=1`, 303);
    });

    app.post('/e/:fiscalCode/carrello/paga', { schema: html }, async (request: CartRequest, reply) => {
      const who = await gate.atEntity(request, reply);
      if (!who.session) return who.answer;
      const { entity, session } = who;
      if (!csrfValid(request, keys, request.body?._csrf)) return message(request, reply, 400, 'expiredForm', entity);
      const t = portal.base(request, reply, entity).t;
      const navs = (await deps.cart.lines(entity, session.fiscalCode)).filter((l) => l.payable).map((l) => l.nav);
      if (navs.length === 0) return cartPage(request, reply, entity, session, { problem: t.cartNothingToPay }, 422);
      const actor = citizenActor(request, session);
      try {
        const { attempt } = await deps.attempts.start(
          entity,
          portalStart(request, keys, options.publicUrl, navs),
          actor,
        );
        // The notices now belong to the payment: paid through it, or tried again from its result page.
        await deps.cart.checkedOut(entity, session.fiscalCode, navs, attempt.id, actor);
        rememberPayment(request, reply, keys, attempt.id);
        return reply.redirect(`/pagamento/${attempt.id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'PAYMENT_IN_PROGRESS') {
          const problem = inProgressText(t.cartInProgress, error, deps.clock.now());
          return cartPage(request, reply, entity, session, { problem }, 409);
        }
        if (error.code === 'NOT_PAYABLE' || error.code === 'VALIDATION_FAILED') {
          return cartPage(request, reply, entity, session, { problem: t.cartNotPayable }, 422);
        }
        if (error.code === 'CHECKOUT_UNAVAILABLE') {
          return cartPage(request, reply, entity, session, { problem: t.checkoutDown }, 502);
        }
        throw error;
      }
    });

    app.get<{ Params: { fiscalCode: string }; Querystring: { pagina?: string } }>(
      '/e/:fiscalCode/pagamenti',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const model = gate.model(request, reply, session, entity);
        const asked = Number.parseInt(request.query.pagina ?? '1', 10);
        const pageNo = Number.isSafeInteger(asked) && asked > 0 ? asked : 1;
        const { receipts, total } = await deps.receipts.list(entity, {
          debtorFiscalCode: session.fiscalCode,
          limit: PAGE_SIZE,
          offset: (pageNo - 1) * PAGE_SIZE,
        });
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        const here = `/e/${entity.fiscalCode}/pagamenti`;
        return page(request, reply, 'payments.njk', {
          ...model,
          title: model.t.paymentsTitle,
          entity,
          total,
          payments: receipts.map((r) => ({
            paidOn: formatItalianDate(todayInRome(r.paidAt)),
            description: r.description,
            navFormatted: formatNoticeNumber(r.nav),
            amount: formatEuro(r.amountCents, model.lang),
            receiptHref: `${here}/${r.id}/ricevuta`,
          })),
          previous: pageNo > 1 ? `${here}?pagina=${pageNo - 1}` : undefined,
          next: pageNo < pages ? `${here}?pagina=${pageNo + 1}` : undefined,
          pageNo,
          pages,
        });
      },
    );

    app.get<{ Params: { fiscalCode: string; id: string } }>(
      '/e/:fiscalCode/pagamenti/:id/ricevuta',
      { schema: html },
      async (request, reply) => {
        const who = await gate.atEntity(request, reply);
        if (!who.session) return who.answer;
        const { entity, session } = who;
        const receipt = await deps.receipts.byId(request.params.id);
        // Another entity's receipt, or another debtor's: the same 404 as one that does not exist.
        if (
          !receipt ||
          receipt.entityId !== entity.id ||
          receipt.debtor.fiscalCode.toUpperCase() !== session.fiscalCode
        ) {
          return message(request, reply, 404, 'notFound', entity);
        }
        const lang = languageOf(request, reply);
        const pdf = await deps.receipts.pdf(
          entity,
          receipt,
          lang === 'en' ? 'it-en' : 'it',
          citizenActor(request, session),
        );
        return sendDownload(reply, {
          contentType: 'application/pdf',
          fileName: `ricevuta-${receipt.nav}.pdf`,
          body: pdf,
        });
      },
    );
  }
}
