// One batch of an import, judged against the database: what already exists (same content: unchanged;
// other content: an update, or an error in create mode) and which supplied notice numbers are taken.
// The look-ups of a batch are started as soon as the batch is read, so they run while the previous
// batch is checked and written (ADR 0028); they see only what other transactions committed, and rows
// of this very import are caught by the file's own duplicate checks, so reading early changes nothing.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import { type Actor, type AuditCopyRow, auditCopyRow } from '../../audit/audit.ts';
import type { Entity } from '../../entities/entity.ts';
import type { NoticeNumberPool } from '../notice-numbers.ts';
import { type PositionInput, UPDATABLE_STATUSES } from '../position.ts';
import { checkPositionRules } from '../position-rules.ts';
import { type createdSnapshot, positionHash, suppliedNavs } from '../position-writes.ts';
import { existingIupds, takenNavs } from '../positions.db.ts';

export interface Checked {
  row: number;
  iupd: string;
  input: PositionInput;
}

export interface Lookup {
  existing: Awaited<ReturnType<typeof existingIupds>>;
  taken: Map<string, string>;
}

/** A batch read from the file, with its look-ups under way. */
export interface PendingBatch {
  items: Checked[];
  lookup: Promise<Lookup>;
}

export function startLookup(db: Kysely<Schema>, entityId: string, items: Checked[]): PendingBatch {
  const lookup = (async () => ({
    existing: await existingIupds(
      db,
      entityId,
      items.map((b) => b.iupd),
    ),
    taken: await takenNavs(
      db,
      entityId,
      items.flatMap((b) => [...suppliedNavs(b.input).keys()]),
    ),
  }))();
  lookup.catch(() => {}); // awaited when the batch is judged; a failure there ends the import
  return { items, lookup };
}

export type Accepted = { item: Checked; hash: string; previous: 'new' | 'update' };

/**
 * Judges a batch's rows in file order: unchanged ones and rejected ones (with their problems) are
 * reported through the callbacks; the accepted ones (new, or an update) are returned.
 */
export function judgeBatch(
  items: Checked[],
  lookup: Lookup,
  o: { entity: Entity; now: Date; today: IsoDate; mode: 'create' | 'upsert'; pool: NoticeNumberPool },
  report: { unchanged(item: Checked): void; rejected(item: Checked, problems: FieldProblem[]): void },
): Accepted[] {
  const accepted: Accepted[] = [];
  for (const b of items) {
    const found = lookup.existing.get(b.iupd);
    const hash = positionHash(b.input);
    if (found && found.contentHash === hash) {
      report.unchanged(b);
      continue;
    }
    if (found && o.mode === 'create') {
      report.rejected(b, [
        { path: 'iupd', message: 'already exists with other content (import with upsert to update it)' },
      ]);
      continue;
    }
    if (found && !UPDATABLE_STATUSES.includes(found.status)) {
      report.rejected(b, [
        { path: 'iupd', message: `the existing debt position is ${found.status} and cannot be updated` },
      ]);
      continue;
    }
    const problems = checkPositionRules(b.input, {
      entity: o.entity,
      now: o.now,
      today: o.today,
      mode: found ? 'update' : 'create',
    });
    for (const [nav, path] of suppliedNavs(b.input)) {
      const holder = lookup.taken.get(nav);
      if (holder && holder !== found?.id) problems.push({ path, message: 'is already used by another debt position' });
      else if (o.pool.handedOut(nav))
        problems.push({ path, message: 'was given by Cassa to a position earlier in the file' });
    }
    if (problems.length > 0) report.rejected(b, problems);
    else accepted.push({ item: b, hash, previous: found ? 'update' : 'new' });
  }
  return accepted;
}

/** What the audit log keeps of one position an import created. */
export type CreatedEntry = { id: string } & ReturnType<typeof createdSnapshot>;

/**
 * Positions named by one creation record. Small enough that the record's JSON (≈ 190 bytes a
 * position) stays a young-generation string: records of 1000 (≈ 190 kB each) went to V8's
 * large-object space, which only a full collection frees, and raised the import's peak RSS by ≈ 40 MB.
 */
export const POSITIONS_PER_RECORD = 100;

/**
 * The audit records of a batch's creations, one per POSITIONS_PER_RECORD positions: each position's
 * id, iupd, status, notice numbers and content hash, what the API's `position.create` record holds
 * for one. Records of many positions rather than one each keep the audit's cost off the import
 * (ADR 0028).
 */
export function creationRecords(
  o: { actor: Actor; entity: Entity; importId: string },
  positions: readonly CreatedEntry[],
): AuditCopyRow[] {
  const records: AuditCopyRow[] = [];
  for (let i = 0; i < positions.length; i += POSITIONS_PER_RECORD) {
    records.push(
      auditCopyRow(o.actor, {
        entityId: o.entity.id,
        action: 'import.create',
        subjectType: 'import',
        subjectId: o.importId,
        after: { positions: positions.slice(i, i + POSITIONS_PER_RECORD) },
      }),
    );
  }
  return records;
}
