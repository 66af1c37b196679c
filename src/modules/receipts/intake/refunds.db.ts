// The only place where SQL on over-payment notes and refund records lives (migration 029).
import type { Kysely, Selectable } from 'kysely';
import type { OverpaymentRefundsTable, RefundStatusColumn, Schema } from '../../../db/schema.ts';
import type { Cents } from '../../../shared/money.ts';
import type { OverpaymentNote, Refund, RefundInput } from './refund.ts';

const toRefund = (row: Selectable<OverpaymentRefundsTable>): Refund => ({
  id: row.id,
  overpaymentId: row.overpayment_id,
  amountCents: Number(row.amount_cents) as Cents,
  beneficiary: row.beneficiary,
  iban: row.iban,
  refundDate: row.refund_date,
  reference: row.reference,
  status: row.status,
  cancelReason: row.cancel_reason,
  createdAt: row.created_at,
  createdBy: row.created_by,
  changedAt: row.changed_at,
  changedBy: row.changed_by,
});

export async function refundsOf(db: Kysely<Schema>, entityId: string, overpaymentId: string): Promise<Refund[]> {
  const rows = await db
    .selectFrom('overpayment_refunds')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('overpayment_id', '=', overpaymentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRefund);
}

export async function findRefund(
  db: Kysely<Schema>,
  entityId: string,
  overpaymentId: string,
  id: string,
): Promise<Refund | undefined> {
  const row = await db
    .selectFrom('overpayment_refunds')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('overpayment_id', '=', overpaymentId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toRefund(row);
}

export async function insertRefund(
  db: Kysely<Schema>,
  row: { id: string; entityId: string; overpaymentId: string; input: RefundInput; at: Date; by: string },
): Promise<void> {
  await db
    .insertInto('overpayment_refunds')
    .values({
      id: row.id,
      entity_id: row.entityId,
      overpayment_id: row.overpaymentId,
      amount_cents: row.input.amountCents,
      beneficiary: row.input.beneficiary,
      iban: row.input.iban,
      refund_date: row.input.refundDate,
      reference: row.input.reference ?? null,
      created_at: row.at,
      created_by: row.by,
    })
    .execute();
}

/** Moves a refund from `from` to `to`; false when it was not in `from` any more. */
export async function updateRefundStatus(
  db: Kysely<Schema>,
  id: string,
  change: { from: RefundStatusColumn; to: RefundStatusColumn; cancelReason: string | null; at: Date; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('overpayment_refunds')
    .set({ status: change.to, cancel_reason: change.cancelReason, changed_at: change.at, changed_by: change.by })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function notesOf(db: Kysely<Schema>, entityId: string, overpaymentId: string): Promise<OverpaymentNote[]> {
  const rows = await db
    .selectFrom('overpayment_notes')
    .select(['id', 'text', 'author', 'created_at'])
    .where('entity_id', '=', entityId)
    .where('overpayment_id', '=', overpaymentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, text: r.text, author: r.author, createdAt: r.created_at }));
}

export async function insertNote(
  db: Kysely<Schema>,
  row: { id: string; entityId: string; overpaymentId: string; text: string; at: Date; by: string },
): Promise<void> {
  await db
    .insertInto('overpayment_notes')
    .values({
      id: row.id,
      entity_id: row.entityId,
      overpayment_id: row.overpaymentId,
      text: row.text,
      author: row.by,
      created_at: row.at,
    })
    .execute();
}
