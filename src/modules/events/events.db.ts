// The only place where SQL on domain events and the consumers' inbox lives.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { ConsumerName, DomainEventType, StoredEvent } from './event.ts';

/** Writes the event and one inbox row per consumer; in the caller's transaction. */
export async function insertEvent(
  trx: Kysely<Schema>,
  event: StoredEvent,
  consumers: readonly ConsumerName[],
): Promise<void> {
  await trx
    .insertInto('domain_events')
    .values({
      id: event.id,
      entity_id: event.entityId,
      type: event.type,
      data: JSON.stringify(event.data),
      created_at: event.createdAt,
    })
    .execute();
  if (consumers.length === 0) return;
  await trx
    .insertInto('event_inbox')
    .values(consumers.map((consumer) => ({ consumer, event_id: event.id })))
    .execute();
}

/** A consumer's event, locked for the caller's transaction. */
export interface ClaimedEvent {
  event: StoredEvent;
  attempts: number;
}

/**
 * The oldest event the consumer has not handled, is due, and no other transaction holds (SKIP
 * LOCKED): locked until the caller's transaction ends. Call it inside a transaction.
 */
export async function claimNext(
  trx: Kysely<Schema>,
  consumer: ConsumerName,
  now: Date,
): Promise<ClaimedEvent | undefined> {
  const { rows } = await sql<{
    id: string;
    entity_id: string;
    type: string;
    data: Record<string, unknown> | string;
    created_at: Date | string;
    attempts: number;
  }>`
    WITH next AS (
      SELECT event_id, attempts FROM event_inbox
      WHERE consumer = ${consumer} AND done_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
      ORDER BY event_id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    SELECT e.id, e.entity_id, e.type, e.data, e.created_at, next.attempts
    FROM next JOIN domain_events e ON e.id = next.event_id
  `.execute(trx);
  const r = rows[0];
  if (!r) return undefined;
  return {
    attempts: r.attempts,
    event: {
      id: r.id,
      entityId: r.entity_id,
      type: r.type as DomainEventType,
      data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
      createdAt: new Date(r.created_at),
    },
  };
}

export async function markDone(trx: Kysely<Schema>, consumer: ConsumerName, eventId: string, at: Date) {
  await trx
    .updateTable('event_inbox')
    .set({ done_at: at, last_error: null })
    .where('consumer', '=', consumer)
    .where('event_id', '=', eventId)
    .execute();
}

/** Records a failed try; the event is taken again from `next`. */
export async function markFailed(
  db: Kysely<Schema>,
  consumer: ConsumerName,
  eventId: string,
  failure: { error: string; next: Date },
) {
  await db
    .updateTable('event_inbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: failure.next, last_error: failure.error }))
    .where('consumer', '=', consumer)
    .where('event_id', '=', eventId)
    .where('done_at', 'is', null)
    .execute();
}

/** Whether any consumer has an event due now (one index probe; run after every changing request). */
export async function hasPending(db: Kysely<Schema>, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('event_inbox')
    .select('event_id')
    .where('done_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A consumer's progress: events not handled yet, and the last error of one that failed (operators, tests). */
export async function inboxOf(db: Kysely<Schema>, consumer: ConsumerName) {
  return db
    .selectFrom('event_inbox')
    .select(['event_id', 'attempts', 'next_attempt_at', 'last_error', 'done_at'])
    .where('consumer', '=', consumer)
    .orderBy('event_id')
    .execute();
}
