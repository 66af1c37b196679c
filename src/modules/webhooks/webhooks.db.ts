// The only place where SQL on webhook endpoints, events and deliveries lives.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DeliveryStatusColumn, Schema, WebhookDeliveriesTable, WebhookEndpointsTable } from '../../db/schema.ts';

export interface Endpoint {
  id: string;
  entityId: string;
  url: string;
  description: string | null;
  events: string[];
  active: boolean;
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | null;
}

const toEndpoint = (r: Omit<Selectable<WebhookEndpointsTable>, 'secret'>): Endpoint => ({
  id: r.id,
  entityId: r.entity_id,
  url: r.url,
  description: r.description,
  events: r.events,
  active: r.active,
  createdBy: r.created_by,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

// The secret is never selected by accident: only the delivery worker reads it.
const ENDPOINT_COLUMNS = [
  'id',
  'entity_id',
  'url',
  'description',
  'events',
  'active',
  'created_by',
  'created_at',
  'disabled_at',
] as const;

export async function insertEndpoint(db: Kysely<Schema>, e: Endpoint & { secret: string }): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({
      id: e.id,
      entity_id: e.entityId,
      url: e.url,
      description: e.description,
      secret: e.secret,
      events: e.events,
      active: e.active,
      created_by: e.createdBy,
      created_at: e.createdAt,
    })
    .execute();
}

export async function listEndpoints(db: Kysely<Schema>, entityId: string): Promise<Endpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('entity_id', '=', entityId)
    .orderBy('created_at')
    .execute();
  return rows.map(toEndpoint);
}

export async function findEndpoint(db: Kysely<Schema>, entityId: string, id: string): Promise<Endpoint | undefined> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(ENDPOINT_COLUMNS)
    .where('entity_id', '=', entityId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toEndpoint(row);
}

export async function disableEndpoint(db: Kysely<Schema>, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set({ active: false, disabled_at: at })
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface Delivery {
  id: string;
  eventId: string;
  endpointId: string;
  entityId: string;
  status: DeliveryStatusColumn;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  eventType: string;
}

type DeliveryRow = Selectable<WebhookDeliveriesTable> & { type: string };

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  eventId: r.event_id,
  endpointId: r.endpoint_id,
  entityId: r.entity_id,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastStatus: r.last_status,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
  createdAt: r.created_at,
  eventType: r.type,
});

function deliveries(db: Kysely<Schema>) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as ev', 'ev.id', 'd.event_id')
    .selectAll('d')
    .select('ev.type');
}

export async function listDeliveries(
  db: Kysely<Schema>,
  entityId: string,
  filters: {
    endpointId?: string | undefined;
    status?: DeliveryStatusColumn | undefined;
    limit: number;
    offset: number;
  },
): Promise<Delivery[]> {
  let query = deliveries(db).where('d.entity_id', '=', entityId);
  if (filters.endpointId) query = query.where('d.endpoint_id', '=', filters.endpointId);
  if (filters.status) query = query.where('d.status', '=', filters.status);
  const rows = await query
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(filters.limit)
    .offset(filters.offset)
    .execute();
  return rows.map(toDelivery);
}

export async function findDelivery(db: Kysely<Schema>, entityId: string, id: string): Promise<Delivery | undefined> {
  const row = await deliveries(db).where('d.entity_id', '=', entityId).where('d.id', '=', id).executeTakeFirst();
  return row && toDelivery(row);
}

/** A delivery due now, claimed by this worker for `holdMs`, with what it needs to be sent. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
  body: string;
  eventId: string;
  eventType: string;
}

/**
 * Claims up to `limit` pending deliveries that are due and not held by another worker (another
 * process skips them: SKIP LOCKED), holding them for `holdMs`.
 */
export async function claimDue(
  db: Kysely<Schema>,
  now: Date,
  holdMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const until = new Date(now.getTime() + holdMs);
  const { rows } = await sql<{
    id: string;
    attempts: number;
    created_at: Date;
    url: string;
    secret: string;
    body: string;
    event_id: string;
    type: string;
  }>`
    WITH due AS (
      SELECT id FROM webhook_deliveries
      WHERE status = 'PENDING' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_deliveries d SET locked_until = ${until}
    FROM due, webhook_endpoints e, webhook_events ev
    WHERE d.id = due.id AND e.id = d.endpoint_id AND ev.id = d.event_id
    RETURNING d.id, d.attempts, d.created_at, e.url, e.secret, ev.body, d.event_id, ev.type
  `.execute(db);
  return rows.map((r) => ({
    id: r.id,
    attempts: r.attempts,
    createdAt: new Date(r.created_at),
    url: r.url,
    secret: r.secret,
    body: r.body,
    eventId: r.event_id,
    eventType: r.type,
  }));
}

/** Records one attempt: delivered, tried again at `next`, or given up (FAILED). */
export async function recordAttempt(
  db: Kysely<Schema>,
  id: string,
  result: {
    at: Date;
    status: number | null;
    error: string | null;
    outcome: 'DELIVERED' | 'PENDING' | 'FAILED';
    next?: Date;
  },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      status: result.outcome,
      last_attempt_at: result.at,
      last_status: result.status,
      last_error: result.error,
      locked_until: null,
      ...(result.outcome === 'DELIVERED' && { delivered_at: result.at }),
      ...(result.next && { next_attempt_at: result.next }),
    }))
    .where('id', '=', id)
    .execute();
}

/** Puts a delivery back in the queue, due now (a replay); false when it is PENDING already. */
export async function requeue(db: Kysely<Schema>, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'PENDING', next_attempt_at: now, locked_until: null, created_at: now })
    .where('id', '=', id)
    .where('status', '<>', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The entity's fiscal code, for the webhook body. */
export async function entityFiscalCode(db: Kysely<Schema>, entityId: string): Promise<string> {
  const entity = await db
    .selectFrom('entities')
    .select('fiscal_code')
    .where('id', '=', entityId)
    .executeTakeFirstOrThrow();
  return entity.fiscal_code;
}

/** The webhook event with its body, once (a second write of the same id changes nothing). */
export async function insertWebhookEvent(
  db: Kysely<Schema>,
  e: { id: string; entityId: string; type: string; body: string; at: Date },
): Promise<void> {
  await db
    .insertInto('webhook_events')
    .values({ id: e.id, entity_id: e.entityId, type: e.type, body: e.body, created_at: e.at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** One pending delivery of the event per active endpoint of its entity subscribed to its type, once. */
export async function insertDeliveriesFor(
  db: Kysely<Schema>,
  e: { id: string; entityId: string; type: string; at: Date },
): Promise<void> {
  await sql`
    INSERT INTO webhook_deliveries (event_id, endpoint_id, entity_id, next_attempt_at, created_at)
    SELECT ${e.id}, e.id, e.entity_id, ${e.at}, ${e.at}
    FROM webhook_endpoints e
    WHERE e.entity_id = ${e.entityId} AND e.active AND ${e.type} = ANY (e.events)
    ON CONFLICT (event_id, endpoint_id) DO NOTHING
  `.execute(db);
}
