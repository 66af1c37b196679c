// The `paids` body (GPD v1: a payment made through another channel) as the payment it records.
import { GPD_DATE_TIME_MESSAGE } from '../../http/formats.ts';
import { parseInstant } from '../../shared/dates.ts';
import type { FieldProblem } from '../../shared/errors.ts';
import type { PaymentInput } from '../receipts/receipt.ts';

export interface PaidBody {
  paymentDate?: string;
  paymentChannel?: string;
  paymentMethod?: string;
  pspCompany?: string;
  idReceipt?: string;
}

/** The payment a `paids` body records; a paymentDate that does not parse is a problem. */
export function paidPayment(body: PaidBody): { payment: PaymentInput; problems: FieldProblem[] } {
  const paidAt = body.paymentDate === undefined ? undefined : parseInstant(body.paymentDate);
  return {
    payment: {
      source: 'paids',
      paidAt: paidAt ?? undefined,
      channel: body.paymentChannel ?? 'OTHER',
      method: body.paymentMethod,
      pspCompany: body.pspCompany,
      receiptId: body.idReceipt,
    },
    problems: paidAt === null ? [{ path: 'paymentDate', message: GPD_DATE_TIME_MESSAGE }] : [],
  };
}
