// Recording a payment taken by another channel (the body's counter, a bank transfer, Poste outside
// pagoPA) from the console: the operator picks the notice, the channel, the date, types the amount
// received (checked against the notice's) and a reference. It goes through the receipts' one payment
// intake (receipts.recordPayment), like the API's `paids`: a notice already paid is refused and
// counted once, never twice; the receipt and the audit record name the operator.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../shared/clock.ts';
import { parseDateLoose, parseInstant, todayInRome } from '../../../shared/dates.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatEuro, parseEuroAmount } from '../../../shared/money.ts';
import { type Installment, PAYABLE_STATUSES, type Position } from '../../positions/position.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import type { ReceiptsService } from '../../receipts/receipts.service.ts';
import type { ConsoleGate } from '../gate.ts';
import type { ConsolePages, FieldError } from '../pages.ts';
import type { ConsoleTexts } from '../texts.ts';
import { consoleCsrfValid } from '../web.ts';
import { fill, positionUrl, renderForm } from './render.ts';

export interface PaymentDeps {
  positions: Pick<PositionsService, 'find'>;
  receipts: Pick<ReceiptsService, 'recordPayment'>;
  clock: Clock;
}

export const CHANNELS = ['COUNTER', 'BANK', 'POST_OFFICE', 'OTHER'] as const;

type Params = { ente: string; iupd: string };
type Form = { _csrf?: string; nav?: string; channel?: string; paidOn?: string; amount?: string; reference?: string };

/** The notices of the position that can still be paid: unpaid, of the option that settles it (if any). */
export function payableNotices(position: Position): Installment[] {
  if (!PAYABLE_STATUSES.includes(position.status)) return [];
  return position.options
    .filter((o) => position.settlingOption === null || o.index === position.settlingOption)
    .flatMap((o) => o.installments)
    .filter((i) => i.status === 'UNPAID');
}

export function registerPaymentRoutes(app: FastifyInstance, deps: PaymentDeps, pages: ConsolePages, gate: ConsoleGate) {
  const write = gate.entityRoute('payments', 'write');
  const url = '/console/e/:ente/posizioni/:iupd/pagamento';

  function show(
    request: FastifyRequest,
    reply: FastifyReply,
    position: Position,
    form: Form,
    errors: FieldError[] = [],
    status = 400,
  ) {
    const { at } = gate.at(request);
    const { lang, t } = pages.base(request, reply);
    const notices = payableNotices(position).map((i) => ({
      nav: i.nav,
      label: fill(t.pf_noticeOption, {
        nav: i.nav,
        amount: formatEuro(i.amountCents, lang),
        due: i.dueDate.split('-').reverse().join('/'),
      }),
    }));
    const back = positionUrl(at.fiscalCode, position.iupd);
    return renderForm(
      pages,
      request,
      reply,
      'position-forms/payment.njk',
      (tt: ConsoleTexts) => fill(tt.pf_paymentTitle, { iupd: position.iupd }),
      {
        action: `${back}/pagamento`,
        back,
        notices,
        channels: CHANNELS.map((c) => ({ value: c, label: t[`pf_channel_${c}`] })),
        form: {
          nav: form.nav ?? (notices.length === 1 ? notices[0]!.nav : ''),
          channel: form.channel ?? 'COUNTER',
          paidOn: form.paidOn ?? todayInRome(deps.clock.now()),
          amount: form.amount ?? '',
          reference: form.reference ?? '',
        },
      },
      errors,
      status,
    );
  }

  async function positionOf(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const position = await deps.positions.find(gate.at(request).at, request.params.iupd);
    if (!position) await pages.message(request, reply, 404, 'notFound');
    return position;
  }

  app.get<{ Params: Params }>(url, write, async (request, reply) => {
    const position = await positionOf(request, reply);
    return position ? show(request, reply, position, {}) : reply;
  });

  app.post<{ Params: Params; Body: Form }>(url, write, async (request, reply) => {
    const form = request.body ?? {};
    if (!consoleCsrfValid(request, pages.keys, form._csrf)) return pages.message(request, reply, 400, 'expiredForm');
    const position = await positionOf(request, reply);
    if (!position) return reply;
    const { t, lang } = pages.base(request, reply);
    const errors: FieldError[] = [];
    const at = (field: string, label: string, message: string) =>
      errors.push({ field, message: `${label.replace(/\s*\*$/, '')}: ${message}` });
    const notice = payableNotices(position).find((i) => i.nav === form.nav);
    const paid = position.options
      .flatMap((o) => o.installments)
      .find((i) => i.nav === form.nav && i.status !== 'UNPAID');
    if (!notice) at('nav', t.pf_noticeLabel, paid ? t.pf_alreadyPaid : form.nav ? t.pf_noticeUnknown : t.pf_required);
    const channel = CHANNELS.find((c) => c === form.channel);
    if (!channel) at('channel', t.pf_channelLabel, t.pf_required);
    const day = (form.paidOn ?? '').trim() ? parseDateLoose(form.paidOn!.trim()) : undefined;
    if (day === undefined) at('paidOn', t.pf_paidOnLabel, t.pf_required);
    else if (day === null) at('paidOn', t.pf_paidOnLabel, t.pf_dateInvalid);
    const cents = (form.amount ?? '').trim() ? parseEuroAmount(form.amount!) : undefined;
    if (cents === undefined) at('amount', t.pf_paidAmountLabel, t.pf_required);
    else if (cents === null) at('amount', t.pf_paidAmountLabel, t.pf_amountInvalid);
    else if (notice && cents !== notice.amountCents) {
      at('amount', t.pf_paidAmountLabel, fill(t.pf_amountDiffers, { amount: formatEuro(notice.amountCents, lang) }));
    }
    const reference = (form.reference ?? '').trim();
    if (reference.length > 35) at('reference', t.pf_referenceLabel, t.pf_referenceInvalid);
    // A notice paid meanwhile is the same conflict the intake answers (409), whoever noticed it first.
    if (errors.length > 0) return show(request, reply, position, form, errors, paid && !notice ? 409 : 400);
    try {
      await deps.receipts.recordPayment(
        gate.at(request).at,
        notice!.nav,
        {
          source: 'paids',
          channel: channel!,
          paidAt: parseInstant(`${day}T00:00:00`) ?? undefined,
          amountCents: cents!,
          ...(reference && { receiptId: reference }),
        },
        request.actor,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'FORBIDDEN') {
        return pages.message(request, reply, 403, 'forbidden');
      }
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'ALREADY_PAID') at('nav', t.pf_noticeLabel, t.pf_alreadyPaid);
      else if (error.code === 'NOT_PAYABLE') at('nav', t.pf_noticeLabel, t.pf_notPayable);
      else if (error.code === 'NOT_FOUND') at('nav', t.pf_noticeLabel, t.pf_noticeUnknown);
      else if (error.code === 'VALIDATION_FAILED') {
        for (const p of error.problems) {
          if (p.path === 'paymentDate') at('paidOn', t.pf_paidOnLabel, t.pf_future);
          else if (p.path === 'idReceipt')
            at(
              'reference',
              t.pf_referenceLabel,
              /another receipt/.test(p.message) ? t.pf_referenceTaken : t.pf_referenceInvalid,
            );
          else if (p.path === 'paymentAmount') at('amount', t.pf_paidAmountLabel, p.message);
          else at('nav', t.pf_noticeLabel, p.message);
        }
      } else throw error;
      const again = (await deps.positions.find(gate.at(request).at, position.iupd)) ?? position;
      return show(request, reply, again, form, errors, error.status);
    }
    return reply.redirect(`${positionUrl(gate.at(request).at.fiscalCode, position.iupd)}?fatto=pagamento`, 303);
  });
}
