// The only place where SQL on receipts and signing keys lives. Receipts are only ever inserted and
// read: the table's trigger refuses UPDATE and DELETE.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ReceiptsTable, Schema } from '../../db/schema.ts';
import type { Cents } from '../../shared/money.ts';
import type { Receipt, ReceiptSubject, ReceiptTransfer } from './receipt.ts';

export type ReceiptRow = Selectable<ReceiptsTable>;

export function toReceiptRow(r: Receipt): Insertable<ReceiptsTable> {
  return {
    id: r.id,
    entity_id: r.entityId,
    receipt_id: r.receiptId,
    nav: r.nav,
    iuv: r.iuv,
    position_id: r.positionId,
    installment_id: r.installmentId,
    iupd: r.iupd,
    description: r.description,
    company_name: r.companyName,
    debtor_fiscal_code: r.debtor.fiscalCode,
    debtor: JSON.stringify(r.debtor),
    payer: r.payer ? JSON.stringify(r.payer) : null,
    amount_cents: r.amountCents,
    fee_cents: r.feeCents,
    paid_at: r.paidAt,
    channel: r.channel,
    payment_method: r.paymentMethod,
    psp_id: r.pspId,
    psp_company: r.pspCompany,
    transfers: JSON.stringify(r.transfers),
    source: r.source,
    recorded_by: r.recordedBy,
    recorded_at: r.recordedAt,
    details: r.details ? JSON.stringify(r.details) : null,
    message: r.message,
  };
}

export function toReceipt(row: ReceiptRow): Receipt {
  return {
    id: row.id,
    entityId: row.entity_id,
    receiptId: row.receipt_id,
    nav: row.nav,
    iuv: row.iuv,
    positionId: row.position_id,
    installmentId: row.installment_id,
    iupd: row.iupd,
    description: row.description,
    companyName: row.company_name,
    debtor: JSON.parse(row.debtor) as ReceiptSubject,
    payer: row.payer === null ? null : (JSON.parse(row.payer) as ReceiptSubject),
    amountCents: row.amount_cents as Cents,
    feeCents: row.fee_cents as Cents | null,
    paidAt: row.paid_at,
    channel: row.channel,
    paymentMethod: row.payment_method,
    pspId: row.psp_id,
    pspCompany: row.psp_company,
    transfers: JSON.parse(row.transfers) as ReceiptTransfer[],
    source: row.source,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
    message: row.message,
  };
}

/**
 * Inserts the receipt unless one with the same (entity, IUV, receipt id) exists; true when inserted.
 * A concurrent insert of the same key waits for the first transaction and then inserts nothing.
 */
export async function insertReceiptIfNew(db: Kysely<Schema>, receipt: Receipt): Promise<boolean> {
  const inserted = await db
    .insertInto('receipts')
    .values(toReceiptRow(receipt))
    .onConflict((oc) => oc.columns(['entity_id', 'iuv', 'receipt_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The receipt with this key, if any. */
export async function findReceiptByKey(
  db: Kysely<Schema>,
  entityId: string,
  iuv: string,
  receiptId: string,
): Promise<Receipt | undefined> {
  const row = await db
    .selectFrom('receipts')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('iuv', '=', iuv)
    .where('receipt_id', '=', receiptId)
    .executeTakeFirst();
  return row && toReceipt(row);
}

export async function findReceiptById(db: Kysely<Schema>, id: string): Promise<Receipt | undefined> {
  const row = await db.selectFrom('receipts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toReceipt(row);
}

/** The entity's receipts carrying `receiptId` (several when a channel reused one across notices). */
export async function findReceiptsByReceiptId(
  db: Kysely<Schema>,
  entityId: string,
  receiptId: string,
  iuv?: string,
): Promise<Receipt[]> {
  let query = db
    .selectFrom('receipts')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('receipt_id', '=', receiptId)
    .orderBy('paid_at')
    .orderBy('id')
    .limit(50);
  if (iuv !== undefined) query = query.where('iuv', '=', iuv);
  return (await query.execute()).map(toReceipt);
}

export interface ReceiptFilters {
  nav?: string | undefined;
  iuv?: string | undefined;
  debtorFiscalCode?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of the entity's receipts, newest payment first, and how many match in all. */
export async function listReceipts(
  db: Kysely<Schema>,
  entityId: string,
  f: ReceiptFilters,
): Promise<{ receipts: Receipt[]; total: number }> {
  let query = db.selectFrom('receipts').where('entity_id', '=', entityId);
  if (f.nav !== undefined) query = query.where('nav', '=', f.nav);
  if (f.iuv !== undefined) query = query.where('iuv', '=', f.iuv);
  if (f.debtorFiscalCode !== undefined) query = query.where('debtor_fiscal_code', '=', f.debtorFiscalCode);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('paid_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { receipts: rows.map(toReceipt), total: Number(count.n) };
}

export interface SigningKeyRow {
  id: string;
  entityId: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

const keyColumns = ['id', 'entity_id', 'public_key', 'private_key'] as const;
const toKey = (r: { id: string; entity_id: string; public_key: Uint8Array; private_key: Uint8Array }) => ({
  id: r.id,
  entityId: r.entity_id,
  publicKey: r.public_key,
  privateKey: r.private_key,
});

/** The key that signs for the entity now: its newest key not retired. */
export async function currentSigningKey(db: Kysely<Schema>, entityId: string): Promise<SigningKeyRow | undefined> {
  const row = await db
    .selectFrom('signing_keys')
    .select(keyColumns)
    .where('entity_id', '=', entityId)
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && toKey(row);
}

/** Any key by id, retired or not: a retired key keeps verifying what it signed. */
export async function findSigningKey(db: Kysely<Schema>, id: string): Promise<SigningKeyRow | undefined> {
  const row = await db.selectFrom('signing_keys').select(keyColumns).where('id', '=', id).executeTakeFirst();
  return row && toKey(row);
}

export async function insertSigningKey(db: Kysely<Schema>, key: SigningKeyRow, now: Date): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({
      id: key.id,
      entity_id: key.entityId,
      algorithm: 'Ed25519',
      public_key: key.publicKey,
      private_key: key.privateKey,
      created_at: now,
    })
    .execute();
}

/**
 * Locks the entity row until the transaction ends, so two first uses cannot both create a key.
 * FOR NO KEY UPDATE: it does not block rows that merely reference the entity.
 */
export async function lockEntityRow(db: Kysely<Schema>, entityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('entities')
    .select('id')
    .where('id', '=', entityId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row !== undefined;
}
