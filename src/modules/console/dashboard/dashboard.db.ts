// The only place where the dashboard's SQL lives: sums in the database, in integer cents, never by
// loading receipts. A receipt or an instalment belongs to a catalogue service when its (first)
// transfer carries the `cassaService` metadata the catalogue writes (a back office may write it too),
// and to the taxonomy category of its first transfer (a receipt: its instalment's, else its own —
// a notice unknown to Cassa); a role limited to some services (servicesOf)
// sees the rows whose service or category it names. See ADR 0038.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { EVERY_SERVICE } from '../../../shared/principal.ts';
import { type Period, type PeriodKey, periodsAt } from './periods.ts';

/** The services (or categories) a role sees, or every one. */
export type Scope = typeof EVERY_SERVICE | readonly string[];

/** A sum and how many made it, per period. */
export type Sums = Record<PeriodKey, { cents: number; count: number }>;

export interface CollectedRow {
  serviceId: string;
  category: string;
  /** True for pagoPA's receipts (a PSP); false for what the back office recorded. */
  pagopa: boolean;
  /** The back office's channel as recorded (POST_OFFICE, BANK…); '' for pagoPA. */
  channel: string;
  sums: Sums;
}

export interface RunRow {
  serviceId: string;
  category: string;
  /** Due in today / this month / this year (instalments of the counted option). */
  due: Sums;
  positions: number;
  paid: { cents: number; count: number };
  toCome: { cents: number; count: number };
  overdue: { cents: number; count: number };
  closed: { cents: number; count: number };
}

/** The `cassaService` metadata of the first transfer of a transfers JSON text (text), or ''. */
const serviceOf = (transfers: RawBuilder<unknown>) =>
  sql<string>`coalesce(jsonb_path_query_first(${transfers}::jsonb, '$[0].metadata[*] ? (@.key == "cassaService").value') #>> '{}', '')`;
const categoryOf = (transfers: RawBuilder<unknown>) =>
  sql<string>`coalesce((${transfers}::jsonb) -> 0 ->> 'category', '')`;

/** The rows a scope sees (always true for every service). */
const inScope = (scope: Scope) =>
  scope === EVERY_SERVICE
    ? sql<boolean>`true`
    : sql<boolean>`(service_id = ANY(${[...scope]}::text[]) OR category = ANY(${[...scope]}::text[]))`;

const n = (v: unknown) => Number(v ?? 0);

const sumsOf = (row: Record<string, unknown>, prefix = ''): Sums => ({
  day: { cents: n(row[`${prefix}day_cents`]), count: n(row[`${prefix}day_count`]) },
  month: { cents: n(row[`${prefix}month_cents`]), count: n(row[`${prefix}month_count`]) },
  year: { cents: n(row[`${prefix}year_cents`]), count: n(row[`${prefix}year_count`]) },
});

/** What came in this year, by service, category and channel, with today's and this month's parts. */
export async function collected(
  db: Kysely<Schema>,
  entityId: string,
  periods: Record<PeriodKey, Period>,
  scope: Scope,
): Promise<CollectedRow[]> {
  const { day, month, year } = periods;
  const within = (p: Period) => sql`paid_at >= ${p.from} AND paid_at < ${p.to}`;
  const { rows } = await sql<Record<string, unknown>>`
    WITH r AS (
      SELECT r.amount_cents, r.paid_at, r.source <> 'paids' AS pagopa,
        CASE WHEN r.source = 'paids' THEN r.channel ELSE '' END AS channel,
        ${serviceOf(sql`i.transfers`)} AS service_id,
        ${categoryOf(sql`coalesce(i.transfers, r.transfers)`)} AS category
      FROM receipts r LEFT JOIN installments i ON i.id = r.installment_id
      WHERE r.entity_id = ${entityId} AND r.paid_at >= ${year.from} AND r.paid_at < ${year.to}
    )
    SELECT service_id, category, pagopa, channel,
      coalesce(sum(amount_cents) FILTER (WHERE ${within(day)}), 0) AS day_cents,
      count(*) FILTER (WHERE ${within(day)}) AS day_count,
      coalesce(sum(amount_cents) FILTER (WHERE ${within(month)}), 0) AS month_cents,
      count(*) FILTER (WHERE ${within(month)}) AS month_count,
      sum(amount_cents) AS year_cents, count(*) AS year_count
    FROM r WHERE ${inScope(scope)}
    GROUP BY service_id, category, pagopa, channel
  `.execute(db);
  return rows.map((row) => ({
    serviceId: String(row.service_id),
    category: String(row.category),
    pagopa: Boolean(row.pagopa),
    channel: String(row.channel),
    sums: sumsOf(row),
  }));
}

/**
 * The year's tax run by service and category: the instalments due this year of the option that
 * counts (the one that settled the position, else its first), of positions issued (not drafts) —
 * what is due today / this month / this year (not counting cancelled positions), and where the
 * year stands: paid, still to come, overdue (unpaid, due before today), expired or cancelled.
 */
export async function taxRun(
  db: Kysely<Schema>,
  entityId: string,
  periods: Record<PeriodKey, Period>,
  today: IsoDate,
  scope: Scope,
): Promise<RunRow[]> {
  const { day, month, year } = periods;
  const dueIn = (p: Period) => sql`due_date >= ${p.first} AND due_date <= ${p.last} AND NOT cancelled`;
  const { rows } = await sql<Record<string, unknown>>`
    WITH i AS (
      SELECT i.position_id, i.amount_cents, i.due_date, i.status <> 'UNPAID' AS paid,
        p.status IN ('INVALID') AS cancelled, p.status IN ('INVALID', 'EXPIRED') AS closed,
        ${serviceOf(sql`i.transfers`)} AS service_id,
        ${categoryOf(sql`i.transfers`)} AS category
      FROM installments i JOIN positions p ON p.id = i.position_id
      WHERE i.entity_id = ${entityId} AND i.due_date >= ${year.first} AND i.due_date <= ${year.last}
        AND p.status <> 'DRAFT'
        AND (i.option_index = p.settling_option OR (p.settling_option IS NULL AND NOT EXISTS (
          SELECT 1 FROM installments o WHERE o.position_id = i.position_id AND o.option_index < i.option_index)))
    )
    SELECT service_id, category, count(DISTINCT position_id) AS positions,
      coalesce(sum(amount_cents) FILTER (WHERE ${dueIn(day)}), 0) AS day_cents,
      count(*) FILTER (WHERE ${dueIn(day)}) AS day_count,
      coalesce(sum(amount_cents) FILTER (WHERE ${dueIn(month)}), 0) AS month_cents,
      count(*) FILTER (WHERE ${dueIn(month)}) AS month_count,
      coalesce(sum(amount_cents) FILTER (WHERE NOT cancelled), 0) AS year_cents,
      count(*) FILTER (WHERE NOT cancelled) AS year_count,
      coalesce(sum(amount_cents) FILTER (WHERE paid), 0) AS paid_cents,
      count(*) FILTER (WHERE paid) AS paid_count,
      coalesce(sum(amount_cents) FILTER (WHERE NOT paid AND NOT closed AND due_date >= ${today}), 0) AS come_cents,
      count(*) FILTER (WHERE NOT paid AND NOT closed AND due_date >= ${today}) AS come_count,
      coalesce(sum(amount_cents) FILTER (WHERE NOT paid AND NOT closed AND due_date < ${today}), 0) AS over_cents,
      count(*) FILTER (WHERE NOT paid AND NOT closed AND due_date < ${today}) AS over_count,
      coalesce(sum(amount_cents) FILTER (WHERE NOT paid AND closed), 0) AS closed_cents,
      count(*) FILTER (WHERE NOT paid AND closed) AS closed_count
    FROM i WHERE ${inScope(scope)}
    GROUP BY service_id, category
  `.execute(db);
  const pair = (row: Record<string, unknown>, key: string) => ({
    cents: n(row[`${key}_cents`]),
    count: n(row[`${key}_count`]),
  });
  return rows.map((row) => ({
    serviceId: String(row.service_id),
    category: String(row.category),
    due: sumsOf(row),
    positions: n(row.positions),
    paid: pair(row, 'paid'),
    toCome: pair(row, 'come'),
    overdue: pair(row, 'over'),
    closed: pair(row, 'closed'),
  }));
}

export interface OpenItem {
  id: string;
  nav: string;
  reason: string;
  amountCents: number;
  createdAt: Date;
}

/** The open over-payment items the scope sees: how many, how much, and the five newest. */
export async function openOverpayments(
  db: Kysely<Schema>,
  entityId: string,
  scope: Scope,
): Promise<{ count: number; cents: number; newest: OpenItem[] }> {
  const { rows } = await sql<Record<string, unknown>>`
    WITH o AS (
      SELECT o.id, o.nav, o.reason, o.amount_cents, o.created_at,
        ${serviceOf(sql`i.transfers`)} AS service_id,
        ${categoryOf(sql`coalesce(i.transfers, r.transfers)`)} AS category
      FROM overpayments o
      JOIN receipts r ON r.id = o.receipt_ref
      LEFT JOIN installments i ON i.id = r.installment_id
      WHERE o.entity_id = ${entityId} AND o.status = 'OPEN'
    ), seen AS (SELECT * FROM o WHERE ${inScope(scope)})
    SELECT id, nav, reason, amount_cents, created_at,
      (SELECT count(*) FROM seen) AS total_count, (SELECT coalesce(sum(amount_cents), 0) FROM seen) AS total_cents
    FROM (SELECT * FROM seen ORDER BY created_at DESC, id DESC LIMIT 5) newest
    ORDER BY created_at DESC, id DESC
  `.execute(db);
  const first = rows[0];
  return {
    count: n(first?.total_count),
    cents: n(first?.total_cents),
    newest: rows.map((r) => ({
      id: String(r.id),
      nav: String(r.nav),
      reason: String(r.reason),
      amountCents: n(r.amount_cents),
      createdAt: new Date(r.created_at as string | Date),
    })),
  };
}

export interface FailedDelivery {
  eventType: string;
  attempts: number;
  lastStatus: number | null;
  lastAttemptAt: Date | null;
}

/** Webhook deliveries given up (FAILED): how many, and the five most recent. */
export async function failedDeliveries(
  db: Kysely<Schema>,
  entityId: string,
): Promise<{ count: number; newest: FailedDelivery[] }> {
  const base = db
    .selectFrom('webhook_deliveries as d')
    .where('d.entity_id', '=', entityId)
    .where('d.status', '=', 'FAILED');
  const [count, newest] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    base
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .select(['e.type', 'd.attempts', 'd.last_status', 'd.last_attempt_at'])
      .orderBy('d.last_attempt_at', 'desc')
      .limit(5)
      .execute(),
  ]);
  return {
    count: n(count.n),
    newest: newest.map((d) => ({
      eventType: d.type,
      attempts: d.attempts,
      lastStatus: d.last_status,
      lastAttemptAt: d.last_attempt_at,
    })),
  };
}

/** The titles of the entity's catalogue services, by id. */
export async function serviceTitles(
  db: Kysely<Schema>,
  entityId: string,
): Promise<Map<string, { it: string; en: string }>> {
  const rows = await db
    .selectFrom('catalogue_services')
    .select(['id', 'definition'])
    .where('entity_id', '=', entityId)
    .execute();
  return new Map(
    rows.map((r) => {
      const d = JSON.parse(r.definition) as { title: string; titleEn?: string };
      return [r.id, { it: d.title, en: d.titleEn ?? d.title }];
    }),
  );
}

/**
 * What changes the dashboard of each entity, in one query for all of them: how many receipts of this
 * year it holds (an index-only count on receipts (entity_id, paid_at); a count, not the newest time,
 * so that a payment whose transaction commits after a later one's is not missed), the last domain
 * event (a position expired or cancelled), the open over-payment items and the failed deliveries.
 * The live feed compares it between polls.
 */
export async function changeMarks(
  db: Kysely<Schema>,
  entityIds: readonly string[],
  now: Date,
): Promise<Map<string, string>> {
  if (entityIds.length === 0) return new Map();
  const year = periodsAt(now).year;
  const { rows } = await sql<{ id: string; mark: string }>`
    SELECT e.id::text AS id, concat_ws('|',
      (SELECT count(*) FROM receipts r WHERE r.entity_id = e.id AND r.paid_at >= ${year.from} AND r.paid_at < ${year.to}),
      (SELECT max(created_at) FROM domain_events d WHERE d.entity_id = e.id),
      (SELECT count(*) FROM overpayments o WHERE o.entity_id = e.id AND o.status = 'OPEN'),
      (SELECT count(*) FROM webhook_deliveries w WHERE w.entity_id = e.id AND w.status = 'FAILED')) AS mark
    FROM unnest(${[...entityIds]}::uuid[]) AS e(id)
  `.execute(db);
  return new Map(rows.map((r) => [r.id, r.mark]));
}

/** The operator sessions among `ids` that are still active at `now` (not ended, expired or idle). */
export async function liveSessions(
  db: Kysely<Schema>,
  ids: readonly string[],
  now: Date,
  idleMs: number,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('operator_sessions as s')
    .innerJoin('operators as o', 'o.id', 's.operator_id')
    .select('s.id')
    .where('s.id', 'in', [...ids])
    .where('s.stage', '=', 'active')
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', new Date(now.getTime() - idleMs))
    .where('o.status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => r.id));
}
