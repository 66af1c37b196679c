// Kept for callers written before domain events (ADR 0026): an event a back office may subscribe to
// is now a domain event like any other; the webhooks consumer (webhook-consumer.ts) turns it into
// the webhook event and its deliveries. New code calls events/record.ts recordEvent.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { recordEvent } from '../events/record.ts';
import type { EventType } from './webhook.ts';

/** Records event `type` of the entity with `data`; call it with the transaction that makes the change. */
export const emitEvent = (
  trx: Kysely<Schema>,
  event: { entityId: string; type: EventType; data: Record<string, unknown>; at: Date },
): Promise<string> => recordEvent(trx, event);
