// The only place where SQL on over-payment items lives.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { OverpaymentsTable, Schema } from '../../../db/schema.ts';
import type { Cents } from '../../../shared/money.ts';
import type { Overpayment, OverpaymentStatus } from './overpayment.ts';

function toOverpayment(row: Selectable<OverpaymentsTable>): Overpayment {
  return {
    id: row.id,
    entityId: row.entity_id,
    receiptRef: row.receipt_ref,
    nav: row.nav,
    reason: row.reason,
    amountCents: Number(row.amount_cents) as Cents,
    status: row.status,
    note: row.note,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
  };
}

export async function insertOverpayment(db: Kysely<Schema>, item: Overpayment): Promise<void> {
  await db
    .insertInto('overpayments')
    .values({
      id: item.id,
      entity_id: item.entityId,
      receipt_ref: item.receiptRef,
      nav: item.nav,
      reason: item.reason,
      amount_cents: item.amountCents,
      note: item.note,
      created_at: item.createdAt,
    })
    .execute();
}

export async function findOverpayment(
  db: Kysely<Schema>,
  entityId: string,
  id: string,
  lock = false,
  services?: readonly string[],
): Promise<Overpayment | undefined> {
  let query = db.selectFrom('overpayments').selectAll().where('entity_id', '=', entityId).where('id', '=', id);
  if (services !== undefined) query = query.where(ofServices(services));
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toOverpayment(row);
}

export async function overpaymentOfReceipt(db: Kysely<Schema>, receiptRef: string): Promise<Overpayment | undefined> {
  const row = await db.selectFrom('overpayments').selectAll().where('receipt_ref', '=', receiptRef).executeTakeFirst();
  return row && toOverpayment(row);
}

export interface OverpaymentFilters {
  status?: OverpaymentStatus | undefined;
  /** Only the closed ones (refunded or resolved). */
  closed?: boolean | undefined;
  /**
   * Only the items whose notice was made for one of these catalogue services or taxonomy categories
   * (a role limited to some services); undefined: every item.
   */
  services?: readonly string[] | undefined;
  nav?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Whether an item's notice was made for one of `services`: its instalment's first transfer names the
 * catalogue service (`cassaService` metadata) or the category (a receipt of no known notice: its own).
 */
export const ofServices = (services: readonly string[]) => sql<boolean>`EXISTS (
  SELECT 1 FROM receipts r LEFT JOIN installments i ON i.id = r.installment_id
  WHERE r.id = overpayments.receipt_ref AND (
    jsonb_path_query_first(i.transfers::jsonb, '$[0].metadata[*] ? (@.key == "cassaService").value') #>> '{}' = ANY(${[...services]}::text[])
    OR (coalesce(i.transfers, r.transfers)::jsonb) -> 0 ->> 'category' = ANY(${[...services]}::text[])))`;

/** One page of the entity's items, oldest first (the queue an operator works through). */
export async function listOverpayments(
  db: Kysely<Schema>,
  entityId: string,
  f: OverpaymentFilters,
): Promise<{ items: Overpayment[]; total: number }> {
  let query = db.selectFrom('overpayments').where('entity_id', '=', entityId);
  if (f.status !== undefined) query = query.where('status', '=', f.status);
  if (f.closed) query = query.where('status', '!=', 'OPEN');
  if (f.services !== undefined) query = query.where(ofServices(f.services));
  if (f.nav !== undefined) query = query.where('nav', '=', f.nav);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toOverpayment), total: Number(count.n) };
}

/** Closes an OPEN item; false when it was not OPEN any more. */
export async function closeOverpayment(
  db: Kysely<Schema>,
  id: string,
  values: { status: 'REFUNDED' | 'RESOLVED'; note: string | null; closedAt: Date; closedBy: string },
): Promise<boolean> {
  const result = await db
    .updateTable('overpayments')
    .set({ status: values.status, note: values.note, closed_at: values.closedAt, closed_by: values.closedBy })
    .where('id', '=', id)
    .where('status', '=', 'OPEN')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
