// The only place where SQL on positions and instalments lives (the row mapping is in position-rows.ts).
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { PaymentRecord, Position, PositionStatus } from './position.ts';
import { type PositionRows, toPosition } from './position-rows.ts';

export async function insertRows(db: Kysely<Schema>, rows: PositionRows): Promise<void> {
  await db.insertInto('positions').values(rows.position).execute();
  if (rows.installments.length > 0) await db.insertInto('installments').values(rows.installments).execute();
}

export async function loadPositions(db: Kysely<Schema>, ids: string[]): Promise<Position[]> {
  if (ids.length === 0) return [];
  const [rows, installments] = await Promise.all([
    db.selectFrom('positions').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('installments').selectAll().where('position_id', 'in', ids).execute(),
  ]);
  const byPosition = Map.groupBy(installments, (i) => i.position_id);
  const byId = new Map(rows.map((r) => [r.id, toPosition(r, byPosition.get(r.id) ?? [])]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Ids of every position of the entity (any status) with an instalment owed by this debtor. */
export async function positionIdsOfDebtor(
  db: Kysely<Schema>,
  entityId: string,
  debtorFiscalCode: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('installments')
    .select('position_id')
    .distinct()
    .where('entity_id', '=', entityId)
    .where('debtor_fiscal_code', '=', debtorFiscalCode)
    .execute();
  return rows.map((r) => r.position_id);
}

/** Finds a position id by iupd; with `lock`, the row stays locked until the transaction ends. */
export async function findPositionId(
  db: Kysely<Schema>,
  entityId: string,
  iupd: string,
  lock = false,
): Promise<string | undefined> {
  let query = db.selectFrom('positions').select('id').where('entity_id', '=', entityId).where('iupd', '=', iupd);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst())?.id;
}

export async function findInstallmentByNav(db: Kysely<Schema>, entityId: string, nav: string) {
  return db
    .selectFrom('installments')
    .select(['id', 'position_id', 'option_index'])
    .where('entity_id', '=', entityId)
    .where('nav', '=', nav)
    .executeTakeFirst();
}

/** Which of the given iupds exist for the entity. */
export async function existingIupds(db: Kysely<Schema>, entityId: string, iupds: string[]) {
  if (iupds.length === 0) return new Map<string, { id: string; contentHash: string; status: PositionStatus }>();
  const { rows } = await sql<{ id: string; iupd: string; content_hash: string; status: PositionStatus }>`
    SELECT p.id, p.iupd, p.content_hash, p.status
    FROM unnest(${iupds}::text[]) AS wanted(iupd)
    CROSS JOIN LATERAL (${probe(sql`SELECT id, iupd, content_hash, status FROM positions
      WHERE entity_id = ${entityId} AND iupd = wanted.iupd`)}) AS p`.execute(db);
  return new Map(rows.map((r) => [r.iupd, { id: r.id, contentHash: r.content_hash, status: r.status }]));
}

/** Notice numbers among `navs` already used by the entity, with the position that holds each. */
export async function takenNavs(db: Kysely<Schema>, entityId: string, navs: string[]): Promise<Map<string, string>> {
  if (navs.length === 0) return new Map();
  const { rows } = await sql<{ nav: string; position_id: string }>`
    SELECT i.nav, i.position_id
    FROM unnest(${navs}::text[]) AS wanted(nav)
    CROSS JOIN LATERAL (${probe(sql`SELECT nav, position_id FROM installments
      WHERE entity_id = ${entityId} AND nav = wanted.nav`)}) AS i`.execute(db);
  return new Map(rows.map((r) => [r.nav, r.position_id]));
}

/**
 * One look-up by a unique key, per key of a batch. Written as a LATERAL subquery with LIMIT 1 so the
 * planner probes the unique index once per key: given `entity_id = $1 AND iupd = ANY($2)`, with no
 * statistics yet for a new entity (its first import), it chose a bitmap scan of an index on
 * `entity_id` alone and checked every row of the entity — including the uncommitted rows of a running
 * import, on every batch: 0.4 s a batch at 400 000 rows, a million-row import bound by it (ADR 28).
 */
const probe = (query: RawBuilder<unknown>) => sql`${query} LIMIT 1`;

/** Notice numbers of the entity between lo and hi (18-digit strings compare like the numbers). */
export async function navsInRange(db: Kysely<Schema>, entityId: string, lo: string, hi: string): Promise<string[]> {
  const rows = await db
    .selectFrom('installments')
    .select('nav')
    .where('entity_id', '=', entityId)
    .where('nav', '>=', lo)
    .where('nav', '<=', hi)
    .execute();
  return rows.map((r) => r.nav);
}

/** Locks a position row (until the transaction ends) and loads it with its instalments. */
export async function lockAndLoad(db: Kysely<Schema>, entityId: string, iupd: string): Promise<Position | undefined> {
  const id = await findPositionId(db, entityId, iupd, true);
  return id ? (await loadPositions(db, [id]))[0] : undefined;
}

/** Same as lockAndLoad, by the position's id. */
export async function lockAndLoadById(db: Kysely<Schema>, id: string): Promise<Position | undefined> {
  const locked = await db.selectFrom('positions').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return locked ? (await loadPositions(db, [id]))[0] : undefined;
}

/** Moves a position from one status to another; false when someone else changed it first. */
export async function updateStatus(
  db: Kysely<Schema>,
  position: { id: string; status: PositionStatus },
  to: PositionStatus,
  now: Date,
  extra: { published_at?: Date | null; paid_at?: Date | null } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('positions')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), last_updated_at: now, ...extra }))
    .where('id', '=', position.id)
    .where('status', '=', position.status)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Deletes a position and (by cascade) its instalments. */
export async function deletePosition(db: Kysely<Schema>, id: string): Promise<void> {
  await db.deleteFrom('positions').where('id', '=', id).execute();
}

/**
 * Replaces the content of a position (update). An instalment row whose id is among `rows` (its notice
 * number stayed: see keepIdentity) is updated in place; the others are deleted, the new ones inserted.
 * False when the version moved (someone else changed the position first).
 */
export async function replaceRows(db: Kysely<Schema>, rows: PositionRows, version: number): Promise<boolean> {
  const p = rows.position;
  const result = await db
    .updateTable('positions')
    .set({
      status: p.status,
      company_name: p.company_name,
      office_name: p.office_name,
      pay_stand_in: p.pay_stand_in,
      options: p.options,
      expires_after_due: p.expires_after_due,
      validity_at: p.validity_at,
      content_hash: p.content_hash,
      version: version + 1,
      published_at: null,
      last_updated_at: p.last_updated_at,
    })
    .where('id', '=', p.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  const existing = await db
    .selectFrom('installments')
    .select(['id', 'option_index', 'installment_index'])
    .where('position_id', '=', p.id)
    .execute();
  const before = new Map(existing.map((e) => [e.id, e]));
  const wanted = new Set(rows.installments.map((r) => r.id));
  const removed = existing.filter((e) => !wanted.has(e.id)).map((e) => e.id);
  if (removed.length > 0) await db.deleteFrom('installments').where('id', 'in', removed).execute();
  const kept = rows.installments.filter((r) => before.has(r.id));
  // A kept row that moves to another place is parked first, out of the way of the unique
  // (position, option, index) key, which PostgreSQL checks row by row.
  const moved = kept.filter((r) => {
    const e = before.get(r.id)!;
    return e.option_index !== r.option_index || e.installment_index !== r.installment_index;
  });
  if (moved.length > 0) {
    await db
      .updateTable('installments')
      .set((eb) => ({ option_index: eb('option_index', '+', PARKED_OPTION) }))
      .where(
        'id',
        'in',
        moved.map((r) => r.id),
      )
      .execute();
  }
  for (const row of kept) {
    const { id, entity_id, position_id, nav, iuv, inserted_at, ...content } = row;
    await db.updateTable('installments').set(content).where('id', '=', id).execute();
  }
  const added = rows.installments.filter((r) => !before.has(r.id));
  if (added.length > 0) await db.insertInto('installments').values(added).execute();
  return true;
}

/** Added to a moving row's option index while the kept rows change places (options are far fewer). */
const PARKED_OPTION = 10_000;

/** Records the payment of one unpaid instalment and fixes the option that settles the position. */
export async function markInstallmentPaid(
  db: Kysely<Schema>,
  installment: { id: string; positionId: string; optionIndex: number },
  payment: PaymentRecord,
  now: Date,
): Promise<boolean> {
  const settled = await db
    .updateTable('positions')
    .set({ settling_option: installment.optionIndex, last_updated_at: now })
    .where('id', '=', installment.positionId)
    .where((eb) => eb.or([eb('settling_option', 'is', null), eb('settling_option', '=', installment.optionIndex)]))
    .executeTakeFirst();
  if (settled.numUpdatedRows !== 1n) return false;
  const paid = await db
    .updateTable('installments')
    .set({
      status: 'PAID',
      settled_option: installment.optionIndex,
      paid_at: payment.paidAt,
      payment_method: payment.method,
      payment_channel: payment.channel,
      psp_company: payment.pspCompany,
      receipt_id: payment.receiptId,
      fee_cents: payment.feeCents,
      recorded_by: payment.recordedBy,
      last_updated_at: now,
    })
    .where('id', '=', installment.id)
    .where('status', '=', 'UNPAID')
    .executeTakeFirst();
  return paid.numUpdatedRows === 1n;
}

/**
 * One page of the entity's position ids in iupd order, after `afterIupd`: keyset pagination on the
 * (entity_id, iupd) unique index, so reading page 5000 costs what page 1 does.
 */
export async function positionIdsAfter(
  db: Kysely<Schema>,
  entityId: string,
  page: { statuses?: readonly PositionStatus[] | undefined; afterIupd?: string | undefined; limit: number },
): Promise<{ id: string; iupd: string }[]> {
  let query = db.selectFrom('positions').select(['id', 'iupd']).where('entity_id', '=', entityId);
  if (page.statuses) query = query.where('status', 'in', [...page.statuses]);
  if (page.afterIupd !== undefined) query = query.where('iupd', '>', page.afterIupd);
  return query.orderBy('iupd').limit(page.limit).execute();
}

/** How many positions the entity has (only in `statuses` when given). */
export async function countPositions(
  db: Kysely<Schema>,
  entityId: string,
  statuses?: readonly PositionStatus[],
): Promise<number> {
  let query = db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_id', '=', entityId);
  if (statuses) query = query.where('status', 'in', [...statuses]);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/**
 * Positions updated after the keyset (`since`, `afterId`) — at `since` only those with a larger id —
 * oldest update first, with their update times.
 */
export async function positionsUpdatedSince(
  db: Kysely<Schema>,
  since: Date,
  afterId: string,
  limit: number,
): Promise<{ id: string; updatedAt: Date }[]> {
  const rows = await db
    .selectFrom('positions')
    .select(['id', 'last_updated_at'])
    .where((eb) =>
      eb.or([eb('last_updated_at', '>', since), eb.and([eb('last_updated_at', '=', since), eb('id', '>', afterId)])]),
    )
    .orderBy('last_updated_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, updatedAt: r.last_updated_at }));
}
