// The payment intake's channel for a payment the back office records after it was made elsewhere
// (GPD's `POST …/paids/{nav}`, the demo seed). Unlike pagoPA's receipts, the back office can be told
// no, so a payment that cannot settle its notice is refused and nothing is stored, as the API says:
// NOT_FOUND (no such notice), ALREADY_PAID (paid, or another option settled the debt), NOT_PAYABLE
// (the position is not VALID or PARTIALLY_PAID), VALIDATION_FAILED (bad input, another amount).
import { AppError, type FieldProblem, invalid, notFound } from '../../../../shared/errors.ts';
import type { Entity } from '../../../entities/entity.ts';
import { PAYABLE_STATUSES } from '../../../positions/position.ts';
import type { PaymentTarget } from '../../../positions/positions.lifecycle.ts';
import {
  generatedReceiptId,
  type PaymentInput,
  RECEIPT_ID_MAX,
  type Receipt,
  type ReceiptTransfer,
} from '../../receipt.ts';
import type { EvidenceMeta, PaymentChannel } from '../payment-channel.ts';

export interface BackOfficeInput {
  entity: Entity;
  nav: string;
  payment: PaymentInput;
}

/** The channel of payments the back office records. */
export const backOfficePayments: PaymentChannel<BackOfficeInput> = {
  name: 'back-office',
  precheck({ payment }, now) {
    const problems = backOfficePaymentProblems(payment, now);
    if (problems.length > 0) throw invalid(problems);
  },
  nav: (input) => input.nav,
  decide(target, { nav, payment }) {
    if (!target) throw notFound();
    const { position, installment } = target;
    if (installment.status !== 'UNPAID') throw new AppError('ALREADY_PAID', `Notice ${nav} is already paid`);
    if (position.settlingOption !== null && position.settlingOption !== installment.optionIndex) {
      throw new AppError(
        'ALREADY_PAID',
        'Another payment option of this debt position has been paid: the debt is settled through that option',
      );
    }
    if (!PAYABLE_STATUSES.includes(position.status)) {
      throw new AppError('NOT_PAYABLE', `The debt position is ${position.status} and cannot be paid`);
    }
    if (payment.amountCents !== undefined && payment.amountCents !== installment.amountCents) {
      throw invalid([
        { path: 'paymentAmount', message: `must be the notice amount (${installment.amountCents} cents)` },
      ]);
    }
    return { apply: true };
  },
  evidence: (input, target, meta) => buildReceipt(input, target!, meta),
  replay() {
    // Only a receipt id the back office gave can clash: the notice is unpaid, so it names a receipt
    // that was held, not this payment.
    throw invalid([{ path: 'idReceipt', message: 'already names another receipt of this notice' }]);
  },
  auditNote: (receipt) => ({ id: receipt.id, receiptId: receipt.receiptId, source: receipt.source }),
};

/** Every problem of a payment the back office records, found without the database. */
export function backOfficePaymentProblems(input: PaymentInput, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // A minute of clock skew between systems is tolerated.
  if (input.paidAt && input.paidAt.getTime() > now.getTime() + 60_000) {
    problems.push({ path: 'paymentDate', message: 'must not be in the future' });
  }
  const text = (path: string, value: string | undefined, max: number) => {
    if (value !== undefined && (value.trim().length === 0 || value.length > max)) {
      problems.push({ path, message: `must be 1 to ${max} characters` });
    }
  };
  text('idReceipt', input.receiptId, RECEIPT_ID_MAX);
  text('paymentChannel', input.channel, 35);
  text('idPSP', input.pspId, 35);
  if (input.feeCents !== undefined && (!Number.isSafeInteger(input.feeCents) || input.feeCents < 0)) {
    problems.push({ path: 'fee', message: 'must be a whole number of cents, 0 or more' });
  }
  return problems;
}

function buildReceipt({ entity, payment }: BackOfficeInput, target: PaymentTarget, meta: EvidenceMeta): Receipt {
  const { position, installment } = target;
  const option = position.options[installment.optionIndex]!;
  return {
    id: meta.id,
    entityId: entity.id,
    receiptId: payment.receiptId?.trim() || generatedReceiptId(meta.id),
    nav: installment.nav,
    iuv: installment.iuv,
    positionId: position.id,
    installmentId: installment.id,
    iupd: position.iupd,
    description: installment.description,
    companyName: position.companyName,
    debtor: option.debtor,
    payer: payment.payer ?? null,
    amountCents: installment.amountCents,
    feeCents: payment.feeCents ?? null,
    paidAt: payment.paidAt ?? meta.now,
    channel: payment.channel,
    paymentMethod: payment.method ?? null,
    pspId: payment.pspId ?? null,
    pspCompany: payment.pspCompany ?? null,
    transfers: payment.transfers ?? installment.transfers.map((t) => receiptTransfer(t, entity)),
    source: payment.source,
    recordedBy: meta.actor.id,
    recordedAt: meta.now,
    details: null,
    message: null,
  };
}

function receiptTransfer(t: PaymentTarget['installment']['transfers'][number], entity: Entity): ReceiptTransfer {
  const iban = t.iban ?? t.postalIban;
  return {
    idTransfer: t.idTransfer,
    amountCents: t.amountCents,
    fiscalCodePA: t.organizationFiscalCode ?? entity.fiscalCode,
    ...(t.companyName !== undefined && { companyName: t.companyName }),
    ...(iban !== undefined && { iban }),
    remittanceInformation: t.remittanceInformation,
    category: t.category,
    ...(t.stamp !== undefined && { stamp: t.stamp }),
  };
}
