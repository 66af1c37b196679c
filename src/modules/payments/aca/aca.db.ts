// The only place where SQL on the ACA sync lives.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { AcaPosition } from './aca-api.ts';

export async function readWatermark(db: Kysely<Schema>): Promise<Date | undefined> {
  const row = await db.selectFrom('aca_watermark').select('seen_until').where('id', '=', 1).executeTakeFirst();
  return row?.seen_until;
}

export async function writeWatermark(db: Kysely<Schema>, seenUntil: Date): Promise<void> {
  await db
    .insertInto('aca_watermark')
    .values({ id: 1, seen_until: seenUntil })
    .onConflict((oc) => oc.column('id').doUpdateSet({ seen_until: seenUntil }))
    .execute();
}

export interface AcaNoticeState {
  sentHash: string | null;
  uploaded: boolean;
}

export async function noticeStates(
  db: Kysely<Schema>,
  entityId: string,
  navs: string[],
): Promise<Map<string, AcaNoticeState>> {
  if (navs.length === 0) return new Map();
  const rows = await db
    .selectFrom('aca_notices')
    .select(['nav', 'sent_hash', 'uploaded'])
    .where('entity_id', '=', entityId)
    .where('nav', 'in', navs)
    .execute();
  return new Map(rows.map((r) => [r.nav, { sentHash: r.sent_hash, uploaded: r.uploaded }]));
}

/** Records what ACA should now hold for a notice; due at once when it differs from what was sent. */
export async function upsertDesired(
  db: Kysely<Schema>,
  row: { entityId: string; nav: string; positionId: string; body: AcaPosition; hash: string; now: Date },
): Promise<void> {
  await sql`
    INSERT INTO aca_notices (entity_id, nav, position_id, desired, desired_hash, status, next_attempt_at, updated_at)
    VALUES (${row.entityId}, ${row.nav}, ${row.positionId}, ${JSON.stringify(row.body)}, ${row.hash}, 'PENDING', ${row.now}, ${row.now})
    ON CONFLICT (entity_id, nav) DO UPDATE SET
      desired = EXCLUDED.desired,
      desired_hash = EXCLUDED.desired_hash,
      status = CASE WHEN aca_notices.sent_hash IS NOT DISTINCT FROM EXCLUDED.desired_hash THEN 'SYNCED' ELSE 'PENDING' END,
      attempts = CASE WHEN aca_notices.desired_hash = EXCLUDED.desired_hash THEN aca_notices.attempts ELSE 0 END,
      next_attempt_at = CASE WHEN aca_notices.desired_hash = EXCLUDED.desired_hash THEN aca_notices.next_attempt_at ELSE EXCLUDED.next_attempt_at END,
      updated_at = EXCLUDED.updated_at
  `.execute(db);
}

export interface DueNotice {
  entityId: string;
  nav: string;
  body: AcaPosition;
  hash: string;
  attempts: number;
}

export async function dueNotices(db: Kysely<Schema>, now: Date, limit: number): Promise<DueNotice[]> {
  const rows = await db
    .selectFrom('aca_notices')
    .select(['entity_id', 'nav', 'desired', 'desired_hash', 'attempts'])
    .where('status', '<>', 'SYNCED')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    entityId: r.entity_id,
    nav: r.nav,
    body: JSON.parse(r.desired) as AcaPosition,
    hash: r.desired_hash,
    attempts: r.attempts,
  }));
}

/** ACA took the body with this hash (unless the desired state moved on meanwhile). */
export async function markSent(db: Kysely<Schema>, n: DueNotice, now: Date): Promise<void> {
  await db
    .updateTable('aca_notices')
    .set({ sent_hash: n.hash, uploaded: n.body.amount > 0, status: 'SYNCED', last_error: null, updated_at: now })
    .where('entity_id', '=', n.entityId)
    .where('nav', '=', n.nav)
    .where('desired_hash', '=', n.hash)
    .execute();
}

export async function markFailed(
  db: Kysely<Schema>,
  n: DueNotice,
  values: { status: 'PENDING' | 'FAILED'; error: string; next: Date; now: Date },
): Promise<void> {
  await db
    .updateTable('aca_notices')
    .set((eb) => ({
      status: values.status,
      attempts: eb('attempts', '+', 1),
      last_error: values.error,
      next_attempt_at: values.next,
      updated_at: values.now,
    }))
    .where('entity_id', '=', n.entityId)
    .where('nav', '=', n.nav)
    .where('desired_hash', '=', n.hash)
    .execute();
}

export async function syncCounts(db: Kysely<Schema>): Promise<Record<'PENDING' | 'SYNCED' | 'FAILED', number>> {
  const rows = await db
    .selectFrom('aca_notices')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  const counts = { PENDING: 0, SYNCED: 0, FAILED: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
