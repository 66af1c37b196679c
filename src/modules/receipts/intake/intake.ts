// Taking in pagoPA's receipts (paSendRT / paSendRTV2): stored first, then applied, in one
// transaction, exactly once per (entity, IUV, receiptId). A replay changes nothing. A receipt is
// never refused for the state of its notice: when it cannot settle the debt (already paid, another
// option paid, cancelled, unknown, wrong amount) it is kept and an over-payment item is raised, so
// every euro received is accounted for either as a payment or as an item to refund.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import { lockNotice, type PaymentTarget, payInTransaction } from '../../positions/positions.lifecycle.ts';
import { emitEvent } from '../../webhooks/outbox.ts';
import { paymentRecordOf, type Receipt, type ReceiptSource, type ReceiptSubject } from '../receipt.ts';
import { findReceiptByKey, insertReceiptIfNew } from '../receipts.db.ts';
import { type Overpayment, type OverpaymentReason, settlementOf } from './overpayment.ts';
import { insertOverpayment } from './overpayments.db.ts';
import type { ReceivedReceipt, ReceivedSubject } from './pagopa-receipt.ts';

export type IntakeResult =
  /** New receipt; it paid its notice. */
  | { kind: 'applied'; receipt: Receipt; target: PaymentTarget }
  /** New receipt; held as an over-payment item. */
  | { kind: 'held'; receipt: Receipt; overpayment: Overpayment }
  /** The same receipt again: nothing changed. */
  | { kind: 'duplicate'; receipt: Receipt }
  /** The same (IUV, receiptId) came before with a different notice or amount: nothing changed. */
  | { kind: 'conflict'; receipt: Receipt };

export interface IntakeInput {
  entityId: string;
  received: ReceivedReceipt;
  source: Extract<ReceiptSource, 'paSendRT' | 'paSendRTV2'>;
  /** The receipt element as received, kept as evidence. */
  message: string;
}

const subject = (s: ReceivedSubject): ReceiptSubject => ({ ...s });

function buildReceipt(
  input: IntakeInput,
  ids: { id: string; positionId?: string; installmentId?: string; iupd?: string | undefined },
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
    entityId: input.entityId,
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

/** Takes one receipt in its own transaction; safe to call any number of times, concurrently. */
export async function takeReceipt(
  db: Kysely<Schema>,
  input: IntakeInput,
  actor: Actor,
  now: Date,
): Promise<IntakeResult> {
  const r = input.received;
  return db.transaction().execute(async (trx) => {
    // The notice's position is locked first, and what the receipt settles is read under that lock:
    // receipts for one notice, and updates of its position, queue up here. (Inserting first would
    // take a key-share lock on the position through the foreign key, and two receipts each waiting
    // to upgrade theirs would deadlock.)
    const target = await lockNotice(trx, input.entityId, r.noticeNumber);
    const id = uuidv7(now.getTime());
    const ids = target && {
      positionId: target.position.id,
      installmentId: target.installment.id,
      iupd: target.position.iupd,
    };
    const receipt = buildReceipt(input, { id, ...ids }, actor, now);
    // Stored first, applied next. A copy of a receipt already stored inserts nothing.
    if (!(await insertReceiptIfNew(trx, receipt))) {
      const stored = (await findReceiptByKey(trx, input.entityId, r.creditorReferenceId, r.receiptId))!;
      return { kind: samePayment(stored, r) ? 'duplicate' : 'conflict', receipt: stored };
    }
    const settlement = settlementOf(
      target && {
        positionStatus: target.position.status,
        installmentStatus: target.installment.status,
        optionIndex: target.installment.optionIndex,
        settlingOption: target.position.settlingOption,
        amountCents: target.installment.amountCents,
      },
      r.amountCents,
    );
    if (settlement.apply && target) {
      const paid = await payInTransaction(trx, target, paymentRecordOf(receipt, actor.id), actor, now, {
        receipt: { id: receipt.id, receiptId: receipt.receiptId, source: receipt.source, standIn: r.standIn === true },
      });
      return { kind: 'applied', receipt, target: paid };
    }
    const reason = (settlement as { reason: OverpaymentReason }).reason;
    const overpayment = await raise(trx, receipt, reason, actor, now);
    return { kind: 'held', receipt, overpayment };
  });
}

async function raise(
  trx: Kysely<Schema>,
  receipt: Receipt,
  reason: OverpaymentReason,
  actor: Actor,
  now: Date,
): Promise<Overpayment> {
  const item: Overpayment = {
    id: uuidv7(now.getTime()),
    entityId: receipt.entityId,
    receiptRef: receipt.id,
    nav: receipt.nav,
    reason,
    amountCents: receipt.amountCents,
    status: 'OPEN',
    note: null,
    createdAt: now,
    closedAt: null,
    closedBy: null,
  };
  await insertOverpayment(trx, item);
  await emitEvent(trx, {
    entityId: receipt.entityId,
    type: 'overpayment.raised',
    at: now,
    data: {
      id: item.id,
      nav: receipt.nav,
      iupd: receipt.iupd,
      reason,
      amount: receipt.amountCents,
      receiptId: receipt.receiptId,
      paymentDate: receipt.paidAt.toISOString(),
    },
  });
  await recordAudit(trx, actor, {
    entityId: receipt.entityId,
    action: 'overpayment.raise',
    subjectType: 'overpayment',
    subjectId: item.id,
    after: {
      reason,
      nav: receipt.nav,
      iupd: receipt.iupd,
      amountCents: receipt.amountCents,
      receipt: { id: receipt.id, receiptId: receipt.receiptId, source: receipt.source },
    },
  });
  return item;
}
