// Recording a refund of an over-payment item (GET+POST /console/e/:ente/eccedenze/:id/rimborso): a
// sensitive act. Its form needs a recent proof of identity (the gate sends the operator to confirm it
// and back); the service refuses a stale session too (REAUTHENTICATION_REQUIRED → the same page). The
// amount is checked against what is left to refund, under the item's lock (refunds.service.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseDateLoose, todayInRome } from '../../../shared/dates.ts';
import { AppError } from '../../../shared/errors.ts';
import { checkIban } from '../../../shared/identifiers/iban.ts';
import { type Cents, formatEuro, parseEuroAmount } from '../../../shared/money.ts';
import { type ConsoleGate, confirmThenBack } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import { fill, refusedOperator, renderForm } from '../position-forms/render.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { itemUrl, type OverpaymentsDeps, servicesSeen } from './paths.ts';

type Params = { ente: string; id: string };
type Form = {
  _csrf?: string;
  amount?: string;
  beneficiary?: string;
  iban?: string;
  refundDate?: string;
  reference?: string;
};

export function registerRefundRoutes(
  app: FastifyInstance,
  deps: OverpaymentsDeps,
  pages: ConsolePages,
  gate: ConsoleGate,
) {
  const url = '/console/e/:ente/eccedenze/:id/rimborso';

  async function show(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    form: Form,
    errors: FieldError[] = [],
    status = 400,
  ) {
    const { at } = gate.at(request);
    let work: Awaited<ReturnType<typeof deps.refunds.workOf>>;
    try {
      work = await deps.refunds.workOf(at, request.params.id, servicesSeen(gate.at(request)));
    } catch (error) {
      return refusedOperator(pages, request, reply, error) ?? Promise.reject(error);
    }
    const { lang } = pages.base(request, reply);
    const back = itemUrl(at.fiscalCode, work.item.id);
    const left = formatEuro(Math.max(0, work.leftCents), lang);
    return renderForm(
      pages,
      request,
      reply,
      'overpayments/refund.njk',
      (t: ConsoleTexts) => fill(t.op_refundTitle, { nav: work.item.nav }),
      {
        action: `${back}/rimborso`,
        back,
        left,
        open: work.item.status === 'OPEN' && work.leftCents > 0,
        closed: work.item.status !== 'OPEN',
        form: {
          amount: form.amount ?? '',
          beneficiary: form.beneficiary ?? '',
          iban: form.iban ?? '',
          refundDate: form.refundDate ?? todayInRome(deps.clock.now()),
          reference: form.reference ?? '',
        },
      },
      errors,
      status,
      `${back}/rimborso`,
    );
  }

  const write = gate.entityRoute('payments', 'write', { fresh: true });
  app.get<{ Params: Params }>(url, write, (request, reply) => show(request, reply, {}));

  app.post<{ Params: Params; Body: Form }>(url, gate.entityRoute('payments', 'write'), async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const { at, session } = gate.at(request);
    const { t, lang } = pages.base(request, reply);
    const errors: FieldError[] = [];
    const problem = (field: string, label: string, message: string) =>
      errors.push({ field, message: `${label}: ${message}` });
    const text = (value: string | undefined) => (value ?? '').trim();
    const cents = text(form.amount) ? parseEuroAmount(form.amount!) : undefined;
    if (cents === undefined) problem('amount', t.op_amountLabel, t.op_required);
    else if (cents === null || cents <= 0) problem('amount', t.op_amountLabel, t.op_amountInvalid);
    if (!text(form.beneficiary)) problem('beneficiary', t.op_beneficiaryLabel, t.op_required);
    else if (text(form.beneficiary).length > 140) problem('beneficiary', t.op_beneficiaryLabel, t.op_tooLong);
    const ibanWhy = text(form.iban) ? checkIban(form.iban!) : undefined;
    if (ibanWhy === undefined) problem('iban', t.op_ibanLabel, t.op_required);
    else if (ibanWhy !== null) problem('iban', t.op_ibanLabel, fill(t.op_ibanInvalid, { why: ibanWhy }));
    const day = text(form.refundDate) ? parseDateLoose(text(form.refundDate)) : undefined;
    if (day === undefined) problem('refundDate', t.op_dateLabel, t.op_required);
    else if (day === null) problem('refundDate', t.op_dateLabel, t.op_dateInvalid);
    if (text(form.reference).length > 140) problem('reference', t.op_referenceLabel, t.op_tooLong);
    if (errors.length > 0) return show(request, reply, form, errors);
    try {
      await deps.refunds.record(
        at,
        request.params.id,
        {
          amountCents: cents as Cents,
          beneficiary: text(form.beneficiary),
          iban: form.iban!,
          refundDate: day!,
          reference: text(form.reference) || undefined,
        },
        request.actor,
        session,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'REAUTHENTICATION_REQUIRED') {
        const here = `${itemUrl(at.fiscalCode, request.params.id)}/rimborso`;
        return reply.redirect(confirmThenBack(here), 303);
      }
      const operator = refusedOperator(pages, request, reply, error);
      if (operator) return operator;
      if (!(error instanceof AppError)) throw error;
      const work = await deps.refunds.workOf(at, request.params.id, servicesSeen(gate.at(request)));
      if (error.code === 'REFUND_EXCEEDS_OVERPAYMENT') {
        const left = formatEuro(Math.max(0, work.leftCents), lang);
        return show(
          request,
          reply,
          form,
          [{ field: 'amount', message: `${t.op_amountLabel}: ${fill(t.op_amountTooHigh, { left })}` }],
          409,
        );
      }
      if (error.code === 'OVERPAYMENT_CLOSED')
        return show(request, reply, form, [{ field: 'amount', message: t.op_alreadyClosed }], 409);
      throw error;
    }
    return reply.redirect(`${itemUrl(at.fiscalCode, request.params.id)}?fatto=refund`, 303);
  });
}
