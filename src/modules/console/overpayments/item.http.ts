// An over-payment item's page (GET /console/e/:ente/eccedenze/:id): what came in and why it settled
// nothing, its receipt, its notes and refunds with their states; and its forms (payments:write): a
// note, a refund marked paid or cancelled with a reason, the item closed with a reason. A refused form
// shows the page again with the problem at its field; nothing changes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../shared/errors.ts';
import { formatEuro } from '../../../shared/money.ts';
import { reachesArea } from '../../../shared/principal.ts';
import { maskedIban } from '../../receipts/intake/refund.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { fill, positionUrl, refusedOperator } from '../position-forms/render.ts';
import { calendarDate, romeTime } from '../positions/format.ts';
import { whoIs } from '../positions/timeline.ts';
import { consoleCsrfValid, page } from '../web.ts';
import { operatorNames } from './names.ts';
import { itemUrl, listUrl, type OverpaymentsDeps, servicesSeen } from './paths.ts';

type Params = { ente: string; id: string };
type RefundParams = Params & { refundId: string };
type Form = { _csrf?: string; note?: string; status?: string; reason?: string };

const DONE = ['note', 'refund', 'paid', 'cancelled', 'closed'] as const;

export function registerItemRoutes(
  app: FastifyInstance,
  deps: OverpaymentsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const read = gate.entityRoute('payments', 'read');
  const write = gate.entityRoute('payments', 'write');
  const url = '/console/e/:ente/eccedenze/:id';

  async function itemPage(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    errors: FieldError[] = [],
    status = 400,
    form: Form = {},
  ) {
    const { at, principal } = gate.at(request);
    let work: Awaited<ReturnType<typeof deps.refunds.workOf>>;
    try {
      work = await deps.refunds.workOf(at, request.params.id, servicesSeen(gate.at(request)));
    } catch (error) {
      return refusedOperator(pages, request, reply, error) ?? Promise.reject(error);
    }
    const { item, notes, refunds, leftCents } = work;
    const receipt = await deps.receipts.byId(item.receiptRef);
    const ownReceipt = receipt?.entityId === at.id ? receipt : undefined;
    const names = await operatorNames(deps.database.db, at.id, [
      item.closedBy,
      ...notes.map((n) => n.author),
      ...refunds.flatMap((r) => [r.createdBy, r.changedBy]),
    ]);
    const m = pages.base(request, reply);
    const { t, lang } = m;
    const self = itemUrl(at.fiscalCode, item.id);
    const heading = fill(t.op_itemTitle, { nav: item.nav });
    const done = DONE.find((d) => d === (request.query as { fatto?: unknown }).fatto);
    const fieldErrors = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    return page(
      request,
      reply,
      'overpayments/item.njk',
      {
        ...m,
        title: errors.length ? `${t.errorSummaryTitle}: ${heading}` : heading,
        heading,
        errors,
        fieldErrors,
        form,
        back: listUrl(at.fiscalCode),
        self,
        done: done && t[`op_done_${done}`],
        canWrite: reachesArea(principal, at.id, 'payments', 'write'),
        open: item.status === 'OPEN',
        item: {
          nav: item.nav,
          reason: t[`op_reason_${item.reason}`],
          amount: formatEuro(item.amountCents, lang),
          left: formatEuro(Math.max(0, leftCents), lang),
          status: t[`op_status_${item.status}`],
          received: romeTime(item.createdAt, lang),
          closed:
            item.closedAt &&
            fill(t.op_closedBy, {
              at: romeTime(item.closedAt, lang),
              who: whoIs(item.closedBy ?? '', t, names),
              note: item.note ?? '',
            }),
        },
        receipt: ownReceipt && {
          id: ownReceipt.receiptId,
          paid: romeTime(ownReceipt.paidAt, lang),
          psp: ownReceipt.pspCompany ?? ownReceipt.channel,
          position: ownReceipt.iupd ? positionUrl(at.fiscalCode, ownReceipt.iupd) : undefined,
        },
        notes: notes.map((n) => ({
          text: n.text,
          by: fill(t.op_noteBy, { who: whoIs(n.author, t, names), at: romeTime(n.createdAt, lang) }),
        })),
        refunds: refunds.map((r) => {
          const amount = formatEuro(r.amountCents, lang);
          return {
            id: r.id,
            date: calendarDate(r.refundDate, lang),
            amount,
            beneficiary: r.beneficiary,
            iban: maskedIban(r.iban),
            reference: r.reference ?? '',
            status: fill(t[`op_refund_${r.status}`], { reason: r.cancelReason ?? '' }),
            by: whoIs(r.createdBy, t, names),
            canPay: r.status === 'RECORDED',
            canCancel: r.status !== 'CANCELLED',
            payLabel: fill(t.op_markPaidOf, { amount }),
            cancelLabel: fill(t.op_cancelReasonLabel, { amount }),
            action: `${self}/rimborsi/${r.id}`,
          };
        }),
        closeStatuses: (['REFUNDED', 'RESOLVED'] as const).map((s) => ({
          value: s,
          label: t[`op_closeAs_${s}`],
          checked: (form.status ?? 'REFUNDED') === s,
        })),
      },
      { status: errors.length ? status : 200, languagePath: self },
    );
  }

  /** Answers a service's refusal of a form: the page again with the problem at `field`. */
  function refused(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    error: unknown,
    field: string,
    label: string,
    form: Form,
  ) {
    const operator = refusedOperator(pages, request, reply, error);
    if (operator) return operator;
    if (!(error instanceof AppError)) throw error;
    const { t } = pages.base(request, reply);
    if (error.code === 'VALIDATION_FAILED') {
      const why = error.problems.some((p) => /at most/.test(p.message)) ? t.op_tooLong : t.op_required;
      return itemPage(request, reply, [{ field, message: `${label}: ${why}` }], 400, form);
    }
    if (error.code === 'OVERPAYMENT_CLOSED')
      return itemPage(request, reply, [{ field, message: t.op_alreadyClosed }], 409);
    if (error.code === 'REFUND_NOT_CHANGEABLE') {
      return itemPage(request, reply, [{ field, message: t.op_refundUnchangeable }], 409);
    }
    throw error;
  }

  const csrf = (request: FastifyRequest, form: Form) => consoleCsrfValid(request, pages.keys, form._csrf);
  const doneAt = (request: FastifyRequest<{ Params: Params }>, what: (typeof DONE)[number]) =>
    `${itemUrl(gate.at(request).at.fiscalCode, request.params.id)}?fatto=${what}`;

  app.get<{ Params: Params }>(url, read, (request, reply) => itemPage(request, reply));

  app.post<{ Params: Params; Body: Form }>(`${url}/nota`, write, async (request, reply) => {
    const form = request.body ?? {};
    if (!csrf(request, form)) return pages.message(request, reply, 400, 'expiredForm');
    try {
      await deps.refunds.addNote(gate.at(request).at, request.params.id, form.note, request.actor);
    } catch (error) {
      return refused(request, reply, error, 'note', pages.base(request, reply).t.op_noteLabel, form);
    }
    return reply.redirect(doneAt(request, 'note'), 303);
  });

  app.post<{ Params: Params; Body: Form }>(`${url}/chiudi`, write, async (request, reply) => {
    const form = request.body ?? {};
    if (!csrf(request, form)) return pages.message(request, reply, 400, 'expiredForm');
    const status = form.status === 'RESOLVED' ? 'RESOLVED' : 'REFUNDED';
    try {
      await deps.refunds.close(gate.at(request).at, request.params.id, status, form.reason, request.actor);
    } catch (error) {
      return refused(request, reply, error, 'reason', pages.base(request, reply).t.op_closeReasonLabel, form);
    }
    return reply.redirect(doneAt(request, 'closed'), 303);
  });

  app.post<{ Params: RefundParams; Body: Form }>(`${url}/rimborsi/:refundId/pagato`, write, async (request, reply) => {
    const form = request.body ?? {};
    if (!csrf(request, form)) return pages.message(request, reply, 400, 'expiredForm');
    const { id, refundId } = request.params;
    try {
      await deps.refunds.change(gate.at(request).at, id, refundId, 'PAID', undefined, request.actor);
    } catch (error) {
      return refused(request, reply, error, `pay-${refundId}`, '', form);
    }
    return reply.redirect(doneAt(request, 'paid'), 303);
  });

  app.post<{ Params: RefundParams; Body: Form }>(`${url}/rimborsi/:refundId/annulla`, write, async (request, reply) => {
    const form = request.body ?? {};
    if (!csrf(request, form)) return pages.message(request, reply, 400, 'expiredForm');
    const { id, refundId } = request.params;
    try {
      await deps.refunds.change(gate.at(request).at, id, refundId, 'CANCELLED', form.reason, request.actor);
    } catch (error) {
      return refused(request, reply, error, `cancel-${refundId}`, pages.base(request, reply).t.op_cancelRefund, form);
    }
    return reply.redirect(doneAt(request, 'cancelled'), 303);
  });
}
