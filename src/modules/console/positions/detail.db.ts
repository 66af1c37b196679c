// The SQL of a position's detail page: the position of the entity by its IUPD (another entity's is
// not found, like a missing one), its instalments, and what its timeline merges — domain events (by
// IUPD or notice number: migration 026's indexes), payment attempts, receipts, over-payments (by
// notice number), the webhook deliveries of its events, and the audit records whose subject it is.
// Each source is capped (TIMELINE_CAP rows, the newest): a page, never a table.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Debtor } from '../../positions/position.ts';
import { CATEGORY_OF, type Scope, SERVICE_OF } from './search.db.ts';

export const TIMELINE_CAP = 200;

export async function findPosition(db: Kysely<Schema>, entityId: string, iupd: string) {
  const position = await db
    .selectFrom('positions')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('iupd', '=', iupd)
    .executeTakeFirst();
  if (!position) return undefined;
  const installments = await db
    .selectFrom('installments as i')
    .selectAll('i')
    .select([SERVICE_OF.as('service_id'), CATEGORY_OF.as('category')])
    .where('i.entity_id', '=', entityId)
    .where('i.position_id', '=', position.id)
    .orderBy('i.option_index')
    .orderBy('i.installment_index')
    .execute();
  const options = JSON.parse(position.options) as { description?: string; debtor: Debtor }[];
  return { position, options, installments };
}

export type FoundDetail = NonNullable<Awaited<ReturnType<typeof findPosition>>>;

/** Whether a role limited to some services sees the position (one of its instalments is theirs). */
export const positionInScope = (detail: FoundDetail, scope: Scope) =>
  scope === '*' ||
  detail.installments.some(
    (i) => scope.includes(String(i.service_id ?? '')) || scope.includes(String(i.category ?? '')),
  );

export async function timelineSources(db: Kysely<Schema>, entityId: string, detail: FoundDetail) {
  const { position } = detail;
  const navs = detail.installments.map((i) => i.nav);
  const [events, attempts, receipts, overpayments, audit] = await Promise.all([
    sql<{ id: string; type: string; data: Record<string, unknown>; created_at: Date }>`
      SELECT id, type, data, created_at FROM domain_events
      WHERE entity_id = ${entityId} AND (data ->> 'iupd' = ${position.iupd} OR data ->> 'nav' = ANY(${navs}::text[]))
      ORDER BY created_at DESC LIMIT ${TIMELINE_CAP}`.execute(db),
    db
      .selectFrom('payment_attempt_notices as n')
      .innerJoin('payment_attempts as a', 'a.id', 'n.attempt_id')
      .select([
        'a.id',
        'a.status',
        'a.checkout',
        'a.requested_by',
        'a.created_at',
        'a.updated_at',
        'n.nav',
        'n.amount_cents',
      ])
      .where('n.entity_id', '=', entityId)
      .where('n.nav', 'in', navs)
      .orderBy('a.created_at', 'desc')
      .limit(TIMELINE_CAP)
      .execute(),
    db
      .selectFrom('receipts')
      .select([
        'id',
        'receipt_id',
        'nav',
        'amount_cents',
        'paid_at',
        'channel',
        'payment_method',
        'psp_company',
        'source',
      ])
      .where('entity_id', '=', entityId)
      .where('nav', 'in', navs)
      .orderBy('paid_at', 'desc')
      .limit(TIMELINE_CAP)
      .execute(),
    db
      .selectFrom('overpayments')
      .select(['id', 'receipt_ref', 'nav', 'reason', 'amount_cents', 'status', 'created_at', 'closed_at'])
      .where('entity_id', '=', entityId)
      .where('nav', 'in', navs)
      .orderBy('created_at', 'desc')
      .limit(TIMELINE_CAP)
      .execute(),
    db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor', 'action'])
      .where('entity_id', '=', entityId)
      .where('subject_type', '=', 'position')
      .where('subject_id', '=', position.id)
      .orderBy('at', 'desc')
      .limit(TIMELINE_CAP)
      .execute(),
  ]);
  const eventIds = events.rows.map((e) => e.id);
  const deliveries =
    eventIds.length === 0
      ? []
      : await db
          .selectFrom('webhook_deliveries as d')
          .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
          .select([
            'd.id',
            'd.event_id',
            'd.status',
            'd.attempts',
            'd.last_status',
            'd.delivered_at',
            'd.last_attempt_at',
            'd.created_at',
            'w.url',
          ])
          .where('d.entity_id', '=', entityId)
          .where('d.event_id', 'in', eventIds)
          .limit(TIMELINE_CAP)
          .execute();
  // The operators among the actors, by name (the entity's, or installation administrators).
  const operatorIds = [...new Set([...audit.map((a) => a.actor), ...attempts.map((a) => a.requested_by)])]
    .filter((actor) => actor.startsWith('operator:'))
    .map((actor) => actor.slice('operator:'.length))
    .filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const operators =
    operatorIds.length === 0
      ? []
      : await db
          .selectFrom('operators')
          .select(['id', 'display_name'])
          .where('id', 'in', operatorIds)
          .where((eb) => eb.or([eb('entity_id', '=', entityId), eb('entity_id', 'is', null)]))
          .execute();
  const names = new Map(operators.map((o) => [`operator:${o.id}`, o.display_name]));
  return { events: events.rows, attempts, receipts, overpayments, audit, deliveries, names };
}

export type TimelineSources = Awaited<ReturnType<typeof timelineSources>>;
