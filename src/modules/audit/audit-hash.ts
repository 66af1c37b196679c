// The audit chain's hash: SHA-256 over the previous record's hash and a canonical serialisation of
// every column that says what happened (entity, sequence, time, actor, address, action, subject,
// before, after, request id). Computed here, by the application — never by the database — so a row
// written straight in SQL carries no hash that fits. Format "cassa-audit-v1": changing it means a new
// version tag, because migration 019 and every stored hash depend on it. See docs/adr/0025.
import { createHash } from 'node:crypto';

/** The previous hash of the first record of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: one audit record as stored, without its database id. */
export interface AuditContent {
  entityId: string | null;
  seq: number;
  at: Date;
  actor: string;
  address: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: string | null;
  after: string | null;
  requestId: string | null;
}

/** What a record says before it has a place in its chain (a staged or new record). */
export type AuditFields = Omit<AuditContent, 'seq' | 'at'>;

/** The same fields as the table's columns are named (audit_log, and the import's staging table). */
export interface AuditColumns {
  entity_id: string | null;
  actor: string;
  address: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
}

export const toColumns = (f: AuditFields): AuditColumns => ({
  entity_id: f.entityId,
  actor: f.actor,
  address: f.address,
  action: f.action,
  subject_type: f.subjectType,
  subject_id: f.subjectId,
  before: f.before,
  after: f.after,
  request_id: f.requestId,
});

export const fromColumns = (r: AuditColumns): AuditFields => ({
  entityId: r.entity_id,
  actor: r.actor,
  address: r.address,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  before: r.before,
  after: r.after,
  requestId: r.request_id,
});

/** The chain a record belongs to: one per entity, and one for records without an entity. */
export const chainOf = (entityId: string | null): string => entityId ?? 'none';

/** The record's hash, given the hash of the one before it in its chain. */
export function auditHash(previousHash: string, c: AuditContent): string {
  const canonical = JSON.stringify([
    'cassa-audit-v1',
    c.entityId,
    c.seq,
    c.at.toISOString(),
    c.actor,
    c.address,
    c.action,
    c.subjectType,
    c.subjectId,
    c.before,
    c.after,
    c.requestId,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(canonical).digest('hex');
}
