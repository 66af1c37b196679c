// The payment intake's channel for pagoPA's receipts (paSendRT / paSendRTV2). A receipt is never
// refused for the state of its notice: when it cannot settle the debt (already paid, another option
// paid, cancelled, unknown, wrong amount) it is kept and an over-payment item is raised, so every
// euro received is accounted for either as a payment or as an item to refund. The same receiptId
// for another notice or amount is a conflict (the station answers PAA_RECEIPT_DUPLICATA).
import { invalid } from '../../../../shared/errors.ts';
import { iuvInNoticeNumber } from '../../../../shared/identifiers/notice-number.ts';
import type { Actor } from '../../../audit/audit.ts';
import type { Receipt, ReceiptSource, ReceiptSubject } from '../../receipt.ts';
import { settlementOf } from '../overpayment.ts';
import type { ReceivedReceipt, ReceivedSubject } from '../pagopa-receipt.ts';
import type { PaymentChannel } from '../payment-channel.ts';

export interface PagopaReceiptInput {
  received: ReceivedReceipt;
  source: Extract<ReceiptSource, 'paSendRT' | 'paSendRTV2'>;
  /** The SOAP message as received (the whole envelope), kept as evidence. */
  message: string;
}

const subject = (s: ReceivedSubject): ReceiptSubject => ({ ...s });

function buildReceipt(
  input: PagopaReceiptInput,
  ids: { id: string; entityId: string; positionId?: string; installmentId?: string; iupd?: string | undefined },
  actor: Actor,
  now: Date,
): Receipt {
  const r = input.received;
  const details: Record<string, unknown> = {
    officeName: r.officeName,
    pspFiscalCode: r.pspFiscalCode,
    pspPartitaIVA: r.pspPartitaIVA,
    channelDescription: r.channelDescription,
    paymentNote: r.paymentNote,
    primaryCiIncurredFeeCents: r.primaryCiIncurredFeeCents,
    idBundle: r.idBundle,
    idCiBundle: r.idCiBundle,
    applicationDate: r.applicationDate,
    transferDate: r.transferDate,
    metadata: r.metadata.length > 0 ? r.metadata : undefined,
    standIn: r.standIn,
    paymentDateTimeGiven: r.paidAt !== undefined,
  };
  return {
    id: ids.id,
    entityId: ids.entityId,
    receiptId: r.receiptId,
    nav: r.noticeNumber,
    iuv: r.creditorReferenceId,
    positionId: ids.positionId ?? null,
    installmentId: ids.installmentId ?? null,
    iupd: ids.iupd ?? null,
    description: r.description,
    companyName: r.companyName,
    debtor: subject(r.debtor),
    payer: r.payer ? subject(r.payer) : null,
    amountCents: r.amountCents,
    feeCents: r.feeCents ?? null,
    // A receipt without paymentDateTime was paid no later than now.
    paidAt: r.paidAt ?? now,
    channel: r.idChannel,
    paymentMethod: r.paymentMethod ?? null,
    pspId: r.idPSP,
    pspCompany: r.pspCompanyName,
    transfers: r.transfers.map((t) => ({
      idTransfer: t.idTransfer,
      amountCents: t.amountCents,
      fiscalCodePA: t.fiscalCodePA,
      ...(t.companyName !== undefined && { companyName: t.companyName }),
      ...(t.iban !== undefined && { iban: t.iban }),
      remittanceInformation: t.remittanceInformation,
      category: t.category,
      ...(t.mbdAttachment !== undefined && { mbdAttachment: t.mbdAttachment }),
    })),
    source: input.source,
    recordedBy: actor.id,
    recordedAt: now,
    details: Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
    message: input.message,
  };
}

/** Whether a stored receipt is the same payment as a received one (a replay), not a clash of ids. */
const samePayment = (stored: Receipt, received: ReceivedReceipt) =>
  stored.nav === received.noticeNumber && stored.amountCents === received.amountCents;

/**
 * Why a receipt cannot be taken whatever its notice's state, or null: its creditorReferenceId must
 * be the IUV in its noticeNumber, or which notice was paid is unknown (the station answers
 * PAA_SEMANTICA and stores nothing).
 */
export function receiptProblem(received: ReceivedReceipt): string | null {
  return received.creditorReferenceId === iuvInNoticeNumber(received.noticeNumber)
    ? null
    : `creditorReferenceId ${received.creditorReferenceId} is not the IUV of notice ${received.noticeNumber}`;
}

/** The channel of pagoPA's receipts: never refused for the state of its notice (held instead). */
export const pagopaReceipts: PaymentChannel<PagopaReceiptInput> = {
  name: 'pagopa',
  precheck(input) {
    const problem = receiptProblem(input.received);
    if (problem) throw invalid([{ path: 'creditorReferenceId', message: problem }]);
  },
  nav: (input) => input.received.noticeNumber,
  decide: (target, input) =>
    settlementOf(
      target && {
        positionStatus: target.position.status,
        installmentStatus: target.installment.status,
        optionIndex: target.installment.optionIndex,
        settlingOption: target.position.settlingOption,
        amountCents: target.installment.amountCents,
      },
      input.received.amountCents,
    ),
  evidence: (input, target, meta) =>
    buildReceipt(
      input,
      {
        id: meta.id,
        entityId: meta.entityId,
        ...(target && {
          positionId: target.position.id,
          installmentId: target.installment.id,
          iupd: target.position.iupd,
        }),
      },
      meta.actor,
      meta.now,
    ),
  replay: (stored, input) => (samePayment(stored, input.received) ? 'duplicate' : 'conflict'),
  auditNote: (receipt, input) => ({
    id: receipt.id,
    receiptId: receipt.receiptId,
    source: receipt.source,
    standIn: input.received.standIn === true,
  }),
};
