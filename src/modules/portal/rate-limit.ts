// Sliding-window limits held in the database (access_hits, migration 017), so that every process
// behind a load balancer counts the same hits (reliability battery G3). A budget is a key (an
// address, an entity, a sign-in start…), a kind (successes or failures) and a limit per window;
// hits are added to 10-second buckets, which leave the window whole. Counters older than the longest
// window any limiter may use are deleted as new hits come in. The portal's notice limiter
// (notice-access.ts) and the sign-in limits (identity/oidc.http.ts) are built on this.
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addHits, forgetHits, type HitKind, recentHits } from './rate-limit.db.ts';

export type { HitKind };

const BUCKET_MS = 10_000;
/** The longest window of any limit: counters are kept this long. */
export const LONGEST_WINDOW_MS = 60 * 60_000;

export interface Budget {
  key: string;
  kind: HitKind;
  /** Hits allowed in the window; the next one waits. */
  limit: number;
}

export interface AccessCounter {
  /** 0 when every budget has room for one more hit; otherwise the seconds until all of them have. */
  waitSeconds(budgets: readonly Budget[]): Promise<number>;
  /** Counts one hit of `kind` for each key. */
  count(keys: readonly string[], kind: HitKind): Promise<void>;
}

export function accessCounter(options: { db: Kysely<Schema>; clock: Clock; windowMs: number }): AccessCounter {
  const { db, clock, windowMs } = options;
  if (windowMs > LONGEST_WINDOW_MS) throw new Error(`a limit's window may not exceed ${LONGEST_WINDOW_MS} ms`);
  return {
    async waitSeconds(budgets) {
      const now = clock.now().getTime();
      const rows = await recentHits(db, [...new Set(budgets.map((b) => b.key))], new Date(now - windowMs));
      let waitMs = 0;
      for (const budget of budgets) {
        const buckets = rows.filter((r) => r.key === budget.key && r.kind === budget.kind);
        let total = buckets.reduce((sum, r) => sum + r.hits, 0);
        // Over budget: wait until enough of the oldest buckets have left the window.
        for (const bucket of buckets) {
          if (total < budget.limit) break;
          total -= bucket.hits;
          waitMs = Math.max(waitMs, bucket.bucket.getTime() + windowMs - now);
        }
      }
      return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
    },
    async count(keys, kind) {
      const now = clock.now().getTime();
      await addHits(db, keys, kind, new Date(now - (now % BUCKET_MS)));
      await forgetHits(db, new Date(now - LONGEST_WINDOW_MS));
    },
  };
}

export interface FailureLimiter {
  /** Whether the client may try again now; when not, the seconds until it may. */
  check(client: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  /** Records a failure of the client. */
  fail(client: string): Promise<void>;
}

/** At most `limit` failures per client key in the window (the sign-in limits). */
export function failureLimiter(options: {
  db: Kysely<Schema>;
  clock: Clock;
  limit: number;
  windowMs: number;
}): FailureLimiter {
  const counter = accessCounter(options);
  return {
    async check(client) {
      const wait = await counter.waitSeconds([{ key: client, kind: 'failure', limit: options.limit }]);
      return wait === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: wait };
    },
    fail: (client) => counter.count([client], 'failure'),
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
