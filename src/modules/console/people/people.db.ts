// The SQL of the operators and audit pages that the modules' services do not answer: an operator's
// last sign-in and lock, and the entity's audit records by the viewer's filters, newest first.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';

/** When each operator of the list last completed a sign-in, and until when their account is locked. */
export async function signInFacts(db: Kysely<Schema>, operatorIds: readonly string[]) {
  if (operatorIds.length === 0) return new Map<string, { lastSignIn: Date | null; lockedUntil: Date | null }>();
  const locks = await db
    .selectFrom('operators')
    .select(['id', 'locked_until'])
    .where('id', 'in', operatorIds)
    .execute();
  const last = await db
    .selectFrom('operator_sessions')
    .select(['operator_id', (eb) => eb.fn.max('second_factor_at').as('last')])
    .where('operator_id', 'in', operatorIds)
    .groupBy('operator_id')
    .execute();
  const lastOf = new Map(last.map((r) => [r.operator_id, r.last ? new Date(r.last as Date) : null]));
  return new Map(
    locks.map((r) => [r.id, { lastSignIn: lastOf.get(r.id) ?? null, lockedUntil: r.locked_until }] as const),
  );
}

/** The viewer's filters (all optional); dates are whole days in Europe/Rome, as instants. */
export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Also the installation's records (no entity): for installation administrators only. */
  installation?: boolean | undefined;
}

/** The entity's audit records matching the filter (the SELECT without order or limit). */
export function auditQuery(db: Kysely<Schema>, entityId: string, filter: AuditFilter) {
  let query = filter.installation
    ? db.selectFrom('audit_log').where((eb) => eb.or([eb('entity_id', '=', entityId), eb('entity_id', 'is', null)]))
    : db.selectFrom('audit_log').where('entity_id', '=', entityId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  return query;
}

export const AUDIT_COLUMNS = [
  'id',
  'at',
  'actor',
  'action',
  'subject_type',
  'subject_id',
  'before',
  'after',
  'request_id',
  'address',
] as const;

/** One page of records, newest first (`perPage + 1` read to know whether another page follows). */
export async function auditPage(
  db: Kysely<Schema>,
  entityId: string,
  filter: AuditFilter,
  page: number,
  perPage: number,
) {
  const rows = await auditQuery(db, entityId, filter)
    .select(AUDIT_COLUMNS)
    .orderBy('id', 'desc')
    .offset((page - 1) * perPage)
    .limit(perPage + 1)
    .execute();
  return { rows: rows.slice(0, perPage), more: rows.length > perPage };
}

/** Every matching record, newest first, read in batches (the export streams them). */
export async function* auditBatches(db: Kysely<Schema>, entityId: string, filter: AuditFilter, batch = 1000) {
  let below: number | undefined;
  for (;;) {
    let query = auditQuery(db, entityId, filter).select(AUDIT_COLUMNS);
    if (below !== undefined) query = query.where('id', '<', below);
    const rows = await query.orderBy('id', 'desc').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    below = Number(rows.at(-1)!.id);
    if (rows.length < batch) return;
  }
}

/** The distinct actions recorded at the entity (the filter's choices). */
export async function auditActions(db: Kysely<Schema>, entityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .distinct()
    .where('entity_id', '=', entityId)
    .orderBy('action')
    .execute();
  return rows.map((r) => r.action);
}
