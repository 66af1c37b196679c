// The only place where SQL on payment attempts lives. Three reads reach into the positions module's
// tables (installments, positions) because they must run inside an attempt's own transaction, which
// the positions service cannot join: which notices are paid now, which position rows to lock while
// a start checks the other payment options, and which live attempts hold those other options.
import type { Kysely, Selectable } from 'kysely';
import type { PaymentAttemptNoticesTable, PaymentAttemptsTable, Schema } from '../../../db/schema.ts';
import type { Cents } from '../../../shared/money.ts';
import {
  type Attempt,
  type AttemptStatus,
  isLive,
  LIVE_STATUSES,
  type ReturnOutcome,
  type ReturnUrls,
} from './attempt.ts';

function toAttempt(row: Selectable<PaymentAttemptsTable>, notices: Selectable<PaymentAttemptNoticesTable>[]): Attempt {
  return {
    id: row.id,
    entityId: row.entity_id,
    status: row.status,
    checkout: row.checkout,
    notices: notices.map((n) => ({
      nav: n.nav,
      installmentId: n.installment_id,
      amountCents: Number(n.amount_cents) as Cents,
      description: n.description,
      companyName: n.company_name,
      paidAt: n.paid_at,
    })),
    totalCents: Number(row.total_cents) as Cents,
    returnUrls: JSON.parse(row.return_urls) as ReturnUrls,
    email: row.email,
    redirectUrl: row.redirect_url,
    lastReturn: row.last_return,
    note: row.note,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
    requestedBy: row.requested_by,
    browserTag: row.browser_tag,
  };
}

/** Inserts an attempt with its notices; throws a unique violation when a notice is held by a live attempt. */
export async function insertAttempt(db: Kysely<Schema>, a: Attempt): Promise<void> {
  await db
    .insertInto('payment_attempts')
    .values({
      id: a.id,
      entity_id: a.entityId,
      status: a.status,
      checkout: a.checkout,
      total_cents: a.totalCents,
      return_urls: JSON.stringify(a.returnUrls),
      email: a.email,
      redirect_url: a.redirectUrl,
      last_return: a.lastReturn,
      note: a.note,
      requested_by: a.requestedBy,
      browser_tag: a.browserTag,
      created_at: a.createdAt,
      expires_at: a.expiresAt,
      updated_at: a.updatedAt,
    })
    .execute();
  await db
    .insertInto('payment_attempt_notices')
    .values(
      a.notices.map((n) => ({
        attempt_id: a.id,
        entity_id: a.entityId,
        nav: n.nav,
        installment_id: n.installmentId,
        amount_cents: n.amountCents,
        description: n.description,
        company_name: n.companyName,
        live: isLive(a.status),
      })),
    )
    .execute();
}

export async function loadAttempts(db: Kysely<Schema>, ids: string[], lock = false): Promise<Attempt[]> {
  if (ids.length === 0) return [];
  let query = db.selectFrom('payment_attempts').selectAll().where('id', 'in', ids);
  if (lock) query = query.forUpdate();
  const rows = await query.execute();
  const notices = await db
    .selectFrom('payment_attempt_notices')
    .selectAll()
    .where('attempt_id', 'in', ids)
    .orderBy('nav')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row
      ? [
          toAttempt(
            row,
            notices.filter((n) => n.attempt_id === id),
          ),
        ]
      : [];
  });
}

export async function findAttempt(db: Kysely<Schema>, id: string, lock = false): Promise<Attempt | undefined> {
  return (await loadAttempts(db, [id], lock))[0];
}

/** The live attempts holding any of these notices of the entity. */
export async function liveAttemptIds(db: Kysely<Schema>, entityId: string, navs: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('payment_attempt_notices')
    .select('attempt_id')
    .distinct()
    .where('entity_id', '=', entityId)
    .where('nav', 'in', navs)
    .where('live', '=', true)
    .execute();
  return rows.map((r) => r.attempt_id);
}

/**
 * Locks the positions that own these notices of the entity, in id order (two starts on overlapping
 * positions then wait for each other instead of deadlocking), until the transaction ends.
 */
export async function lockPositionsOfNotices(
  trx: Kysely<Schema>,
  entityId: string,
  navs: readonly string[],
): Promise<void> {
  await trx
    .selectFrom('positions')
    .select('id')
    .where('id', 'in', (qb) =>
      qb.selectFrom('installments').select('position_id').where('entity_id', '=', entityId).where('nav', 'in', navs),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/**
 * The live attempts holding a notice of ANOTHER payment option of the same position as one of these
 * notices (pay in full against an instalment of the plan): `nav` is ours, `attemptId` the holder.
 */
export async function liveSiblingHolders(
  db: Kysely<Schema>,
  entityId: string,
  navs: readonly string[],
): Promise<{ nav: string; attemptId: string }[]> {
  return db
    .selectFrom('installments as mine')
    .innerJoin('installments as sibling', (join) =>
      join
        .onRef('sibling.position_id', '=', 'mine.position_id')
        .onRef('sibling.option_index', '<>', 'mine.option_index'),
    )
    .innerJoin('payment_attempt_notices as held', (join) =>
      join.onRef('held.entity_id', '=', 'sibling.entity_id').onRef('held.nav', '=', 'sibling.nav'),
    )
    .select(['mine.nav as nav', 'held.attempt_id as attemptId'])
    .distinct()
    .where('mine.entity_id', '=', entityId)
    .where('mine.nav', 'in', navs)
    .where('held.live', '=', true)
    .execute();
}

/** Which of these notices of the entity are paid now, by any receipt or channel (a fresh read). */
export async function paidNoticeNavs(db: Kysely<Schema>, entityId: string, navs: readonly string[]): Promise<string[]> {
  if (navs.length === 0) return [];
  const rows = await db
    .selectFrom('installments')
    .select('nav')
    .where('entity_id', '=', entityId)
    .where('nav', 'in', navs)
    .where('status', '<>', 'UNPAID')
    .execute();
  return rows.map((r) => r.nav);
}

/** The newest attempt that included the notice, with its status; undefined when there is none. */
export async function latestAttemptOfNotice(
  db: Kysely<Schema>,
  entityId: string,
  nav: string,
): Promise<{ id: string; status: AttemptStatus } | undefined> {
  return db
    .selectFrom('payment_attempt_notices')
    .innerJoin('payment_attempts', 'payment_attempts.id', 'payment_attempt_notices.attempt_id')
    .select(['payment_attempts.id', 'payment_attempts.status'])
    .where('payment_attempt_notices.entity_id', '=', entityId)
    .where('payment_attempt_notices.nav', '=', nav)
    .orderBy('payment_attempts.created_at', 'desc')
    .orderBy('payment_attempts.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every attempt that included the notice, newest first (help desk). */
export async function attemptIdsOfNotice(db: Kysely<Schema>, entityId: string, nav: string): Promise<string[]> {
  const rows = await db
    .selectFrom('payment_attempt_notices')
    .innerJoin('payment_attempts', 'payment_attempts.id', 'payment_attempt_notices.attempt_id')
    .select('payment_attempts.id')
    .where('payment_attempt_notices.entity_id', '=', entityId)
    .where('payment_attempt_notices.nav', '=', nav)
    .orderBy('payment_attempts.created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Moves an attempt from `from` to `to` (with optional changes); false when its status was not
 * `from` any more. Its notices stop being held when it leaves the live statuses.
 */
export async function updateAttempt(
  db: Kysely<Schema>,
  id: string,
  from: AttemptStatus,
  to: AttemptStatus,
  now: Date,
  changes: { redirectUrl?: string; lastReturn?: ReturnOutcome; note?: string } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('payment_attempts')
    .set({
      status: to,
      updated_at: now,
      ...(changes.redirectUrl !== undefined && { redirect_url: changes.redirectUrl }),
      ...(changes.lastReturn !== undefined && { last_return: changes.lastReturn }),
      ...(changes.note !== undefined && { note: changes.note }),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  if (isLive(from) && !isLive(to)) {
    await db.updateTable('payment_attempt_notices').set({ live: false }).where('attempt_id', '=', id).execute();
  }
  return true;
}

/** Records the receipt of one notice of the attempt; true when it was not recorded before. */
export async function markNoticePaid(
  db: Kysely<Schema>,
  attemptId: string,
  nav: string,
  paidAt: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('payment_attempt_notices')
    .set({ paid_at: paidAt })
    .where('attempt_id', '=', attemptId)
    .where('nav', '=', nav)
    .where('paid_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Live attempts whose time ran out before `before`, oldest first. */
export async function dueAttemptIds(db: Kysely<Schema>, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('payment_attempts')
    .select('id')
    .where('status', 'in', LIVE_STATUSES as AttemptStatus[])
    .where('expires_at', '<', before)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
