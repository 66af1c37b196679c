// The transactional outbox of webhooks: an event is written in the same transaction as the change it
// tells of, with one pending delivery per active endpoint of the entity subscribed to its type. If
// the change rolls back, so does the event; once it commits, the event will be delivered.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { EventType } from './webhook.ts';

let written = 0;

/**
 * How many events this process has written (committed or not): the app delivers after a request
 * only when this moved while it ran, so a request that wrote nothing (a pagoPA verify) costs no
 * delivery query. Events of other processes are delivered by their own requests or the minute job.
 */
export const eventsWritten = () => written;

/** Writes event `type` of the entity with `data`; call it with the transaction that makes the change. */
export async function emitEvent(
  trx: Kysely<Schema>,
  event: { entityId: string; type: EventType; data: Record<string, unknown>; at: Date },
): Promise<string> {
  written++;
  const id = uuidv7(event.at.getTime());
  const entity = await trx
    .selectFrom('entities')
    .select('fiscal_code')
    .where('id', '=', event.entityId)
    .executeTakeFirstOrThrow();
  const body = JSON.stringify({
    id,
    type: event.type,
    createdAt: event.at.toISOString(),
    organizationFiscalCode: entity.fiscal_code,
    data: event.data,
  });
  await trx
    .insertInto('webhook_events')
    .values({ id, entity_id: event.entityId, type: event.type, body, created_at: event.at })
    .execute();
  await sql`
    INSERT INTO webhook_deliveries (event_id, endpoint_id, entity_id, next_attempt_at, created_at)
    SELECT ${id}, e.id, e.entity_id, ${event.at}, ${event.at}
    FROM webhook_endpoints e
    WHERE e.entity_id = ${event.entityId} AND e.active AND ${event.type} = ANY (e.events)
  `.execute(trx);
  return id;
}
