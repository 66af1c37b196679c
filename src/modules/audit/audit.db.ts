// The audit module's SQL: appending chained records, the chain heads, and reading a chain back in
// sequence order, a batch at a time, for the verifier.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { type AuditColumns, GENESIS_HASH } from './audit-hash.ts';

export interface ChainHead {
  seq: number;
  hash: string;
  /** The transaction's time, for the records appended under this lock. */
  now: Date;
}

/**
 * Locks the chain's head row until the end of the transaction (creating it on the chain's first
 * record) and returns it. Every append to the chain waits here: take it as late as possible.
 */
export async function lockChainHead(db: Kysely<Schema>, chain: string): Promise<ChainHead> {
  for (let attempt = 0; ; attempt++) {
    const { rows } = await sql<ChainHead>`
      SELECT seq, hash, now() AS now FROM audit_chain_heads WHERE chain = ${chain} FOR UPDATE`.execute(db);
    const head = rows[0];
    if (head) return { seq: Number(head.seq), hash: head.hash, now: new Date(head.now) };
    if (attempt > 0) throw new Error(`audit chain head ${chain} could not be created`);
    await db
      .insertInto('audit_chain_heads')
      .values({ chain, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('chain').doNothing())
      .execute();
  }
}

export async function advanceChainHead(db: Kysely<Schema>, chain: string, seq: number, hash: string) {
  await db.updateTable('audit_chain_heads').set({ seq, hash }).where('chain', '=', chain).execute();
}

export async function insertAuditRow(
  db: Kysely<Schema>,
  row: AuditColumns & { seq: number; at: Date; prev_hash: string; hash: string },
) {
  await db.insertInto('audit_log').values(row).execute();
}

/** A stored record as the verifier reads it. */
export interface StoredAuditRow extends AuditColumns {
  id: number;
  seq: number;
  at: Date;
  prev_hash: string | null;
  hash: string | null;
}

/** The next records of a chain after a sequence number, in order (keyset: no OFFSET, no full load). */
export async function chainBatch(
  db: Kysely<Schema>,
  entityId: string | null,
  afterSeq: number,
  limit: number,
): Promise<StoredAuditRow[]> {
  // Two spellings, so that both use the (entity_id, seq) index (IS NOT DISTINCT FROM would not).
  const chain = entityId === null ? sql`entity_id IS NULL` : sql`entity_id = ${entityId}::uuid`;
  const { rows } = await sql<StoredAuditRow>`
    SELECT id, entity_id, seq, at, actor, address, action, subject_type, subject_id, before, after,
           request_id, prev_hash, hash
    FROM audit_log
    WHERE ${chain} AND seq > ${afterSeq}
    ORDER BY seq
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), seq: Number(r.seq), at: new Date(r.at) }));
}

/** The first record with no place in any chain (inserted around the application), if any. */
export async function firstUnchained(db: Kysely<Schema>, entityId: string | null | undefined) {
  let query = db.selectFrom('audit_log').select(['id', 'entity_id']).where(sql<boolean>`seq IS NULL`);
  if (entityId !== undefined) query = query.where(sql<boolean>`entity_id IS NOT DISTINCT FROM ${entityId}::uuid`);
  const row = await query.orderBy('id').limit(1).executeTakeFirst();
  return row ? { id: Number(row.id), entityId: row.entity_id } : undefined;
}

/** Every chain that has records or a head. */
export async function chainEntities(db: Kysely<Schema>): Promise<(string | null)[]> {
  const { rows } = await sql<{ entity_id: string | null }>`
    SELECT DISTINCT entity_id FROM audit_log
    UNION SELECT CASE WHEN chain = 'none' THEN NULL ELSE chain::uuid END FROM audit_chain_heads`.execute(db);
  return rows.map((r) => r.entity_id);
}

export async function chainHead(db: Kysely<Schema>, chain: string) {
  const row = await db
    .selectFrom('audit_chain_heads')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

// ---- Staging for bulk imports: records kept in a temporary table until the import's end, so the
// chain head is locked only for the last moment of its transaction.

export const PENDING_TABLE = 'audit_pending';
export const PENDING_COLUMNS = [
  'entity_id',
  'actor',
  'address',
  'action',
  'subject_type',
  'subject_id',
  'before',
  'after',
  'request_id',
] as const;

export interface PendingRow extends AuditColumns {
  n: number;
}

/** The transaction's own staging table, dropped at its end (commit or rollback). */
export async function createPendingTable(db: Kysely<Schema>): Promise<void> {
  await sql`
    CREATE TEMPORARY TABLE IF NOT EXISTS audit_pending (
      n bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      entity_id uuid, actor text NOT NULL, address text, action text NOT NULL, subject_type text NOT NULL,
      subject_id text NOT NULL, before text, after text, request_id text
    ) ON COMMIT DROP`.execute(db);
}

export async function insertPending(db: Kysely<Schema>, row: Omit<PendingRow, 'n'>): Promise<void> {
  await sql`
    INSERT INTO audit_pending (entity_id, actor, address, action, subject_type, subject_id, before, after, request_id)
    VALUES (${row.entity_id}, ${row.actor}, ${row.address}, ${row.action}, ${row.subject_type}, ${row.subject_id},
            ${row.before}, ${row.after}, ${row.request_id})`.execute(db);
}

/** The next staged records after `afterN`, in the order they were written. */
export async function pendingBatch(db: Kysely<Schema>, afterN: number, limit: number): Promise<PendingRow[]> {
  const { rows } = await sql<PendingRow>`
    SELECT n, entity_id, actor, address, action, subject_type, subject_id, before, after, request_id
    FROM audit_pending WHERE n > ${afterN} ORDER BY n LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Every chain's head, for an external anchor (`cassa audit heads`). */
export async function allChainHeads(db: Kysely<Schema>) {
  const rows = await db.selectFrom('audit_chain_heads').select(['chain', 'seq', 'hash']).orderBy('chain').execute();
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }));
}
