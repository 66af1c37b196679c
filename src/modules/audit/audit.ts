// The audit trail: every state change in Cassa writes one append-only row (who, from where, when,
// what, before/after) in the same transaction as the change itself. Each row is chained: it holds
// its place in its entity's chain and the SHA-256 of its content and of the previous row's hash, so
// `cassa audit verify` finds a row changed, removed, inserted or reordered (docs/adr/0025).
import type { Kysely } from 'kysely';
import { type BulkSession, type CopyValue, inTransaction } from '../../db/database.ts';
import type { Schema } from '../../db/schema.ts';
import type { Actor } from './actor.ts';
import {
  advanceChainHead,
  createPendingTable,
  insertAuditRow,
  insertPending,
  lockChainHead,
  PENDING_COLUMNS,
  PENDING_TABLE,
  pendingBatch,
} from './audit.db.ts';
import { type AuditContent, type AuditFields, auditHash, chainOf, fromColumns, toColumns } from './audit-hash.ts';

export {
  type Actor,
  deferredActor,
  jobActor,
  principalActor,
  requestActor,
  systemActor,
} from './actor.ts';

export interface AuditEvent {
  entityId: string | null;
  action: string;
  subjectType:
    | 'entity'
    | 'api_key'
    | 'admin_credential'
    | 'position'
    | 'import'
    | 'print_job'
    | 'receipt'
    | 'overpayment'
    | 'payment_attempt'
    | 'webhook_endpoint'
    | 'webhook_delivery'
    | 'citizen_session'
    | 'oidc_transaction'
    | 'citizen_profile'
    | 'cart'
    | 'catalogue_service'
    | 'service_request'
    | 'calendar_feed'
    | 'reminder_preferences'
    | 'operator'
    | 'role'
    | 'operator_session'
    | 'operator_invitation'
    | 'audit_log';
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit row; call it with the transaction that makes the change, as its last write if you
 * can: it locks the entity's chain head until that transaction ends. Outside a transaction it opens
 * its own.
 */
export async function recordAudit(db: Kysely<Schema>, actor: Actor, event: AuditEvent): Promise<void> {
  if (!inTransaction(db)) {
    await db.transaction().execute((trx) => recordAudit(trx, actor, event));
    return;
  }
  const fields = fieldsOf(actor, event);
  if (staging.has(db)) {
    await insertPending(db, toColumns(fields));
    return;
  }
  const chain = chainOf(event.entityId);
  const head = await lockChainHead(db, chain);
  const content: AuditContent = { ...fields, seq: head.seq + 1, at: head.now };
  const hash = auditHash(head.hash, content);
  await insertAuditRow(db, { ...columnsOf(content), prev_hash: head.hash, hash });
  await advanceChainHead(db, chain, content.seq, hash);
}

function fieldsOf(actor: Actor, event: AuditEvent): AuditFields {
  return {
    entityId: event.entityId,
    actor: actor.id,
    address: actor.address ?? null,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    before: event.before === undefined ? null : JSON.stringify(event.before),
    after: event.after === undefined ? null : JSON.stringify(event.after),
    requestId: actor.requestId ?? null,
  };
}

function columnsOf(c: AuditContent) {
  return { ...toColumns(c), seq: c.seq, at: c.at };
}

export const AUDIT_COPY_COLUMNS = [
  'entity_id',
  'seq',
  'at',
  'actor',
  'address',
  'action',
  'subject_type',
  'subject_id',
  'before',
  'after',
  'request_id',
  'prev_hash',
  'hash',
] as const;

/** A row for a bulk COPY, awaiting its place in the chain: see chainAuditCopyRows. */
export interface AuditCopyRow {
  readonly content: AuditFields;
}

/** The same record as recordAudit writes, for a bulk COPY once chainAuditCopyRows has placed it. */
export function auditCopyRow(actor: Actor, event: AuditEvent): AuditCopyRow {
  return { content: fieldsOf(actor, event) };
}

/**
 * Places bulk rows at the end of their chains and returns them as COPY rows (AUDIT_COPY_COLUMNS).
 * Locks the chains' heads until the end of the transaction, like recordAudit; the rows must then be
 * copied in the same transaction.
 */
export async function chainAuditCopyRows(db: Kysely<Schema>, rows: readonly AuditCopyRow[]): Promise<CopyValue[][]> {
  const out: CopyValue[][] = [];
  const chains = new Map<string, AuditCopyRow[]>();
  for (const row of rows) {
    const chain = chainOf(row.content.entityId);
    const members = chains.get(chain);
    if (members) members.push(row);
    else chains.set(chain, [row]);
  }
  for (const [chain, members] of [...chains].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const head = await lockChainHead(db, chain);
    let { seq, hash } = head;
    for (const { content } of members) {
      const full: AuditContent = { ...content, seq: ++seq, at: head.now };
      const previous = hash;
      hash = auditHash(previous, full);
      const c = columnsOf(full);
      out.push([
        c.entity_id,
        String(c.seq),
        c.at.toISOString(),
        c.actor,
        c.address,
        c.action,
        c.subject_type,
        c.subject_id,
        c.before,
        c.after,
        c.request_id,
        previous,
        hash,
      ]);
    }
    await advanceChainHead(db, chain, seq, hash);
  }
  return out;
}

// ---- Bulk imports: their records wait in a staging table and join their chains at the end.

const staging = new WeakSet<Kysely<Schema>>();

/**
 * From now on, the bulk session's audit records (recordAudit and stagedAuditCopyRows) wait in a
 * temporary table; flushStagedAudit, the session's last step, chains them. The chain head is thus
 * locked only at the end of a long import, not from its first batch.
 */
export async function stageAudit(session: BulkSession): Promise<void> {
  await createPendingTable(session.db);
  staging.add(session.db);
}

/** Copies bulk records into the staging table of a session where stageAudit was called. */
export async function copyStagedAudit(session: BulkSession, rows: readonly AuditCopyRow[]): Promise<void> {
  const values = rows.map(({ content }) => {
    const columns = toColumns(content);
    return PENDING_COLUMNS.map((name) => columns[name]);
  });
  await session.copyRows(PENDING_TABLE as keyof Schema, PENDING_COLUMNS, values);
}

/**
 * Chains the staged records in the order they were written and copies them into audit_log, `batch`
 * records at a time. An import's records hold 100 positions each (≈ 19 kB, parsed into objects far
 * larger): 200 of them keep the batch read and the one read ahead to a few megabytes; 10 000 at once
 * took the import's peak RSS from 260 to 400 MB at a million rows.
 */
export async function flushStagedAudit(session: BulkSession, batch = 200): Promise<void> {
  staging.delete(session.db);
  // The next batch is read while this one is hashed (one connection: the queries queue, the CPU works).
  let next = pendingBatch(session.db, 0, batch);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    next = rows.length < batch ? Promise.resolve([]) : pendingBatch(session.db, rows[rows.length - 1]!.n, batch);
    next.catch(() => {}); // awaited in the next round; a failure here rolls the import back anyway
    const chained = await chainAuditCopyRows(
      session.db,
      rows.map((row) => ({ content: fromColumns(row) })),
    );
    await session.copyRows('audit_log', AUDIT_COPY_COLUMNS, chained);
  }
}
