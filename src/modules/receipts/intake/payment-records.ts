// What the payment intake writes besides the receipt, in the same transaction: for a payment that
// settled its notice, the `installment.pay` audit record and the `installment.paid` event; for money
// held, the over-payment item, its audit record and the `overpayment.raised` event; for both, the
// `payment.received` event the payment attempts follow.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import { recordEvent } from '../../events/record.ts';
import type { PositionStatus } from '../../positions/position.ts';
import type { PaymentTarget } from '../../positions/positions.lifecycle.ts';
import type { Receipt } from '../receipt.ts';
import type { Overpayment, OverpaymentReason } from './overpayment.ts';
import { insertOverpayment } from './overpayments.db.ts';

/** The audit record and the event of a payment that settled its notice (`paid`: as now stored). */
export async function recordApplied(
  trx: Kysely<Schema>,
  paid: PaymentTarget,
  before: PositionStatus,
  note: Record<string, unknown>,
  actor: Actor,
  now: Date,
): Promise<void> {
  const { position, installment } = paid;
  const payment = installment.payment!;
  const nav = installment.nav;
  await recordAudit(trx, actor, {
    entityId: position.entityId,
    action: 'installment.pay',
    subjectType: 'position',
    subjectId: position.id,
    before: { iupd: position.iupd, status: before, nav, installmentStatus: 'UNPAID' },
    after: { iupd: position.iupd, status: position.status, nav, installmentStatus: 'PAID', payment, ...note },
  });
  await recordEvent(trx, {
    entityId: position.entityId,
    type: 'installment.paid',
    at: now,
    data: {
      iupd: position.iupd,
      nav,
      iuv: installment.iuv,
      optionIndex: installment.optionIndex,
      amount: installment.amountCents,
      paymentDate: payment.paidAt.toISOString(),
      paymentChannel: payment.channel,
      paymentMethod: payment.method,
      pspCompany: payment.pspCompany,
      idReceipt: payment.receiptId,
      positionStatus: position.status,
    },
  });
}

/** Holds a receipt that settles no debt as an open over-payment item, audited and announced. */
export async function raiseOverpayment(
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
  await recordEvent(trx, {
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

/** Money for a notice was stored (applied or held): whoever follows payments of the notice hears of it. */
export async function recordReceived(trx: Kysely<Schema>, receipt: Receipt, actor: Actor, now: Date): Promise<void> {
  const paymentNote = receipt.details?.paymentNote;
  await recordEvent(trx, {
    entityId: receipt.entityId,
    type: 'payment.received',
    at: now,
    data: {
      nav: receipt.nav,
      receipt: receipt.id,
      source: receipt.source,
      ...(typeof paymentNote === 'string' && { paymentNote }),
      // Who brought it: the consumers' audit records name the same actor and request.
      actor: { id: actor.id, ...(actor.requestId && { requestId: actor.requestId }) },
    },
  });
}
