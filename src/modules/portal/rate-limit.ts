// The limiter of anonymous look-ups: at most `limit` failures per client address in a sliding window
// (the reliability battery's G2 figure: 20 failed look-ups in 10 minutes). The failures are rows in
// the database, so the limit holds across every process that serves the portal (battery G3); rows
// older than the window are deleted as new failures come in.
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';

export interface FailureLimiter {
  /** Whether the client may try again now; when not, the seconds until it may. */
  check(client: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Records a failure of the client. */
  fail(client: string): Promise<void>;
}

export function failureLimiter(options: {
  db: Kysely<Schema>;
  clock: Clock;
  limit: number;
  windowMs: number;
}): FailureLimiter {
  const { db, clock, limit, windowMs } = options;
  const cutoff = () => new Date(clock.now().getTime() - windowMs);
  return {
    async check(client) {
      // The limit-th most recent failure inside the window: while there is one, the client waits
      // until it leaves the window.
      const rows = await db
        .selectFrom('lookup_failures')
        .select('failed_at')
        .where('client', '=', client)
        .where('failed_at', '>', cutoff())
        .orderBy('failed_at', 'desc')
        .offset(limit - 1)
        .limit(1)
        .execute();
      const blocking = rows[0];
      if (!blocking) return { allowed: true };
      const wait = blocking.failed_at.getTime() + windowMs - clock.now().getTime();
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    },
    async fail(client) {
      await db.insertInto('lookup_failures').values({ client, failed_at: clock.now() }).execute();
      await db.deleteFrom('lookup_failures').where('failed_at', '<=', cutoff()).execute();
    },
  };
}

/**
 * Whether `key` is over the limit; when it is, the reply already carries Retry-After and the caller
 * answers 429 in its own words.
 */
export async function overLimit(limiter: FailureLimiter, key: string, reply: FastifyReply): Promise<boolean> {
  const limit = await limiter.check(key);
  if (limit.allowed) return false;
  reply.header('retry-after', String(limit.retryAfterSeconds));
  return true;
}
