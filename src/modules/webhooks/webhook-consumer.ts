// The webhooks consumer of domain events: an event a back office may subscribe to becomes the
// webhook event (its body, signed as it is sent: id, type, createdAt, organizationFiscalCode, data)
// and one pending delivery per active endpoint of the entity subscribed to its type, as the endpoints
// are when the consumer runs. The webhook event keeps the domain event's id (Cassa-Event-Id) and
// time. Idempotent: handled twice, it writes nothing twice. Deliveries are sent by webhooks.service.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { StoredEvent } from '../events/event.ts';
import { EVENT_TYPES } from './webhook.ts';
import { entityFiscalCode, insertDeliveriesFor, insertWebhookEvent } from './webhooks.db.ts';

export async function webhookConsumer(trx: Kysely<Schema>, event: StoredEvent): Promise<void> {
  if (!(EVENT_TYPES as readonly string[]).includes(event.type)) return;
  const body = JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    organizationFiscalCode: await entityFiscalCode(trx, event.entityId),
    data: event.data,
  });
  await insertWebhookEvent(trx, {
    id: event.id,
    entityId: event.entityId,
    type: event.type,
    body,
    at: event.createdAt,
  });
  await insertDeliveriesFor(trx, { id: event.id, entityId: event.entityId, type: event.type, at: event.createdAt });
}
