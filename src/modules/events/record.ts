// recordEvent: the one way a change tells what happened. Called with the transaction that makes the
// change: if it rolls back, no consumer ever sees the event; once it commits, every consumer
// subscribed to the type (event.ts CONSUMERS) will handle it, once.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { consumersOf, type DomainEvent } from './event.ts';
import { insertEvent } from './events.db.ts';

/** Writes the event and its consumers' inbox rows; returns the event's id (UUIDv7). */
export async function recordEvent(trx: Kysely<Schema>, event: DomainEvent): Promise<string> {
  const id = uuidv7(event.at.getTime());
  await insertEvent(
    trx,
    { id, entityId: event.entityId, type: event.type, data: event.data, createdAt: event.at },
    consumersOf(event.type),
  );
  return id;
}
