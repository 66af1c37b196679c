// Runs the named consumers of domain events. Each event of a consumer is handled in one transaction
// that claims its inbox row (FOR UPDATE SKIP LOCKED), runs the handler with that transaction and
// marks the row done: the handler's changes and "done" commit together, so an event is handled once
// even with two processes draining at the same time. A handler that throws rolls back its changes;
// the row is tried again later (30 s, doubling, at most an hour) and the other consumers go on.
// Drained after every request that may have written events (kick) and by the minute job.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { coalescedRuns } from '../../shared/coalesced-runs.ts';
import { CONSUMER_NAMES, type ConsumerName, retryDelayMs, type StoredEvent } from './event.ts';
import { claimNext, hasPending, markDone, markFailed } from './events.db.ts';

export type EventsService = ReturnType<typeof eventsService>;

/** What a consumer does with one event, in the transaction `trx`; must be safe to run twice. */
export type EventHandler = (trx: Kysely<Schema>, event: StoredEvent) => Promise<void>;

export interface DrainResult {
  handled: number;
  failed: number;
}

/** At most this many events per consumer and drain (the next drain goes on). */
const MAX_PER_DRAIN = 500;

export interface EventsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  handlers: Record<ConsumerName, EventHandler>;
  /** Called after a kicked run that handled events (e.g. deliver the webhooks just queued). */
  afterKick?: (() => void) | undefined;
}

export function eventsService(deps: EventsDeps) {
  const { db, clock } = deps;

  /** Handles the consumer's due events one by one until none is left (or MAX_PER_DRAIN). */
  async function drainOne(consumer: ConsumerName): Promise<DrainResult> {
    const result: DrainResult = { handled: 0, failed: 0 };
    for (let i = 0; i < MAX_PER_DRAIN; i++) {
      const now = clock.now();
      let claimed: { id: string; attempts: number } | undefined;
      try {
        const done = await db.transaction().execute(async (trx) => {
          const next = await claimNext(trx, consumer, now);
          if (!next) return false;
          claimed = { id: next.event.id, attempts: next.attempts };
          await deps.handlers[consumer](trx, next.event);
          await markDone(trx, consumer, next.event.id, now);
          return true;
        });
        if (!done) break;
        result.handled++;
      } catch (error) {
        if (!claimed) throw error;
        result.failed++;
        const next = new Date(now.getTime() + retryDelayMs(claimed.attempts + 1));
        await markFailed(db, consumer, claimed.id, { error: String((error as Error).message).slice(0, 500), next });
      }
    }
    return result;
  }

  /** Drains one consumer, or every one (each on its own: one failing does not stop the others). */
  async function drain(consumer?: ConsumerName): Promise<Record<string, DrainResult>> {
    const totals: Record<string, DrainResult> = {};
    for (const name of consumer ? [consumer] : CONSUMER_NAMES) {
      totals[name] = await drainOne(name).catch(() => ({ handled: 0, failed: 1 }));
    }
    return totals;
  }

  const runs = coalescedRuns(async () => {
    if (!(await hasPending(db, clock.now()))) return;
    const totals = await drain();
    if (Object.values(totals).some((t) => t.handled > 0)) deps.afterKick?.();
  });

  return {
    drain,

    /**
     * Runs the consumers soon, in this process, when an event is due (one index probe otherwise):
     * called after every request that may have changed something. Runs here are never concurrent;
     * a kick during a run makes one more run.
     */
    kick: () => runs.kick(),

    /** Waits for the run started by a kick, if any (the station after a receipt, tests, shutdown). */
    settled: () => runs.settled(),
  };
}
