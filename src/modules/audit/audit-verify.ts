// Walks the audit chains and names, for each broken one, the first record that does not fit: a
// record changed (its content no longer gives its hash), removed (a gap in the sequence, or the
// tail gone: the chain head is further on), inserted or reordered (the link to the previous hash is
// broken, a sequence number repeats, a record lies beyond the head or outside every chain). Reads
// each chain in batches, by sequence number, so a million records need not fit in memory.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import {
  allChainHeads,
  chainBatch,
  chainEntities,
  chainHead,
  firstUnchained,
  type StoredAuditRow,
} from './audit.db.ts';
import { auditHash, chainOf, fromColumns, GENESIS_HASH } from './audit-hash.ts';

export type BreakKind =
  | 'changed'
  | 'missing'
  | 'broken-link'
  | 'duplicate'
  | 'beyond-head'
  | 'truncated'
  | 'head-mismatch'
  | 'head-missing'
  | 'unchained'
  | 'anchor-mismatch';

export interface ChainBreak {
  /** The entity of the chain (null: the chain of records without an entity). */
  entityId: string | null;
  kind: BreakKind;
  /** The sequence number where the chain breaks. */
  seq: number | null;
  /** The audit_log id of the first record that does not fit (null when it is gone). */
  auditId: number | null;
  detail: string;
}

/** A chain head kept outside the database (`cassa audit heads`): the chain must still pass through it. */
export interface ChainAnchor {
  chain: string;
  seq: number;
  hash: string;
}

export interface VerifyReport {
  ok: boolean;
  chains: number;
  records: number;
  breaks: ChainBreak[];
}

const BATCH = 10_000;

/** Every chain's head now: what `cassa audit heads` prints, to be kept outside the database. */
export const chainAnchors = (db: Kysely<Schema>): Promise<ChainAnchor[]> => allChainHeads(db);

/** Verifies every chain, or only the given entity's (entityId null: the records without an entity). */
export async function verifyAuditChains(db: Kysely<Schema>, options: VerifyOptions = {}): Promise<VerifyReport> {
  // One snapshot for the whole walk: records appended meanwhile (with their heads) are not half-seen.
  if (db.isTransaction) return verifyIn(db, options);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => verifyIn(trx, options));
}

export interface VerifyOptions {
  entityId?: string | null;
  batch?: number;
  anchors?: readonly ChainAnchor[];
}

async function verifyIn(db: Kysely<Schema>, options: VerifyOptions): Promise<VerifyReport> {
  const anchors = new Map((options.anchors ?? []).map((a) => [a.chain, a]));
  const entities = options.entityId !== undefined ? [options.entityId] : await chainEntities(db);
  const report: VerifyReport = { ok: true, chains: 0, records: 0, breaks: [] };
  for (const entityId of entities) {
    const result = await verifyChain(db, entityId, options.batch ?? BATCH, anchors.get(chainOf(entityId)));
    anchors.delete(chainOf(entityId));
    report.chains++;
    report.records += result.records;
    if (result.broken) report.breaks.push(result.broken);
  }
  // An anchored chain with no record and no head left: removed altogether.
  if (options.entityId === undefined) {
    for (const anchor of anchors.values()) {
      report.breaks.push({
        entityId: anchor.chain === 'none' ? null : anchor.chain,
        kind: 'anchor-mismatch',
        seq: anchor.seq,
        auditId: null,
        detail: 'the anchored chain is gone',
      });
    }
  }
  const stray = await firstUnchained(db, options.entityId);
  if (stray) {
    report.breaks.push({
      entityId: stray.entityId,
      kind: 'unchained',
      seq: null,
      auditId: stray.id,
      detail: 'a record without a place in its chain: inserted around Cassa',
    });
  }
  report.ok = report.breaks.length === 0;
  return report;
}

async function verifyChain(
  db: Kysely<Schema>,
  entityId: string | null,
  batch: number,
  anchor: ChainAnchor | undefined,
): Promise<{ records: number; broken?: ChainBreak }> {
  let anchoredHash: string | undefined;
  const head = await chainHead(db, chainOf(entityId));
  let seq = 0;
  let hash = GENESIS_HASH;
  let records = 0;
  const broken = (kind: BreakKind, at: number, row: StoredAuditRow | undefined, detail: string) => ({
    records,
    broken: { entityId, kind, seq: at, auditId: row?.id ?? null, detail },
  });
  // The next batch is read while this one is hashed (keyset on the last sequence number read).
  let next = chainBatch(db, entityId, 0, batch);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    next = rows.length < batch ? Promise.resolve([]) : chainBatch(db, entityId, rows[rows.length - 1]!.seq, batch);
    next.catch(() => {}); // awaited in the next round, or dropped when this round finds a break
    for (const row of rows) {
      const expected = seq + 1;
      if (row.seq < expected) return broken('duplicate', row.seq, row, `sequence number ${row.seq} appears twice`);
      if (row.seq > expected)
        return broken('missing', expected, row, `records ${expected}–${row.seq - 1} are missing (removed)`);
      if (head && row.seq > head.seq)
        return broken('beyond-head', row.seq, row, `the chain head ends at ${head.seq}: record inserted after it`);
      if (row.prev_hash !== hash)
        return broken(
          'broken-link',
          row.seq,
          row,
          'does not follow the previous record (removed, inserted or reordered)',
        );
      const computed = auditHash(hash, { ...fromColumns(row), seq: row.seq, at: row.at });
      if (computed !== row.hash)
        return broken('changed', row.seq, row, 'its content does not give its hash (changed or forged)');
      if (row.seq === anchor?.seq) anchoredHash = computed;
      seq = row.seq;
      hash = computed;
      records++;
    }
  }
  if (anchor && anchoredHash !== anchor.hash) {
    const detail =
      anchoredHash === undefined
        ? `the chain ends at ${seq}, before the anchored record ${anchor.seq}`
        : 'differs from the anchored record: the chain was rewritten from here or earlier';
    return broken('anchor-mismatch', anchor.seq, undefined, detail);
  }
  if (!head) return seq === 0 ? { records } : broken('head-missing', seq, undefined, 'the chain has no head row');
  if (head.seq > seq)
    return broken('truncated', seq + 1, undefined, `records ${seq + 1}–${head.seq} are missing (tail removed)`);
  if (head.hash !== hash)
    return broken('head-mismatch', seq, undefined, 'the chain head does not match the last record');
  return { records };
}
