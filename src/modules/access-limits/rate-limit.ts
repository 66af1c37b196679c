// Sliding-window limits held in the database (access_hits, migration 017), so that every process
// behind a load balancer counts the same hits (reliability battery G3). A budget is a key (an
// address, an entity, a sign-in start…), a kind (successes or failures) and a limit per window;
// hits are added to 10-second buckets, which leave the window whole. A request whose outcome decides
// the kind reserves a hit of each kind first and settles afterwards, so that a burst of concurrent
// requests cannot all pass the check before any of them is counted. Counters older than the longest
// window any limiter may use are deleted as new hits come in. The portal's notice limiter
// (portal/notice-access.ts) and the sign-in limits (identity/oidc.http.ts) are built on this; any
// area's limits (the operator console's sign-in) can be too.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  addHits,
  addHitsReturning,
  type BucketHits,
  forgetHits,
  type HitKind,
  recentHits,
  takeBackHits,
} from './rate-limit.db.ts';

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
  /**
   * Holds one hit of every kind for each key of the budgets while a request runs, if every budget
   * has room (then `settle` says which kind it was); otherwise counts nothing and says how long to wait.
   */
  reserve(budgets: readonly Budget[]): Promise<{ reservation: Reservation } | { waitSeconds: number }>;
  /** Keeps the reservation's hits of the kinds `kept` and takes the others back. */
  settle(reservation: Reservation, kept: readonly HitKind[]): Promise<void>;
}

/** The hits a request in progress holds: one of each kind, for each key, in one bucket. */
export interface Reservation {
  readonly keys: readonly string[];
  readonly bucket: Date;
}

const KINDS: readonly HitKind[] = ['success', 'failure'];

/**
 * The wait, in ms, until every budget has fewer than `limit + extra` hits in the window (0: now):
 * the oldest buckets of a budget over it leave the window first.
 */
function waitMs(budgets: readonly Budget[], rows: readonly BucketHits[], now: number, windowMs: number, extra = 0) {
  let wait = 0;
  for (const budget of budgets) {
    const buckets = rows
      .filter((r) => r.key === budget.key && r.kind === budget.kind)
      .sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
    let total = buckets.reduce((sum, r) => sum + r.hits, 0);
    for (const bucket of buckets) {
      if (total < budget.limit + extra) break;
      total -= bucket.hits;
      wait = Math.max(wait, bucket.bucket.getTime() + windowMs - now);
    }
  }
  return wait;
}

const seconds = (ms: number) => (ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0);

export function accessCounter(options: { db: Kysely<Schema>; clock: Clock; windowMs: number }): AccessCounter {
  const { db, clock, windowMs } = options;
  if (windowMs > LONGEST_WINDOW_MS) throw new Error(`a limit's window may not exceed ${LONGEST_WINDOW_MS} ms`);
  const bucketOf = (now: number) => new Date(now - (now % BUCKET_MS));
  const keysOf = (budgets: readonly Budget[]) => [...new Set(budgets.map((b) => b.key))];
  async function settle(reservation: Reservation, kept: readonly HitKind[]) {
    for (const kind of KINDS) {
      if (!kept.includes(kind)) await takeBackHits(db, reservation.keys, kind, reservation.bucket);
    }
  }
  return {
    async waitSeconds(budgets) {
      const now = clock.now().getTime();
      return seconds(waitMs(budgets, await recentHits(db, keysOf(budgets), new Date(now - windowMs)), now, windowMs));
    },
    async count(keys, kind) {
      const now = clock.now().getTime();
      await addHits(db, keys, kind, bucketOf(now));
      await forgetHits(db, new Date(now - LONGEST_WINDOW_MS));
    },
    async reserve(budgets) {
      const now = clock.now().getTime();
      const keys = keysOf(budgets);
      const bucket = bucketOf(now);
      const rows = await recentHits(db, keys, new Date(now - windowMs));
      // Over a budget already: refused without writing anything.
      const before = waitMs(budgets, rows, now, windowMs);
      if (before > 0) return { waitSeconds: seconds(before) };
      // Hold the hits, then look again with this bucket as the writes left it: of concurrent
      // requests, those that found the budget full give their hits back and are refused.
      const current = await addHitsReturning(db, keys, KINDS, bucket);
      await forgetHits(db, new Date(now - LONGEST_WINDOW_MS));
      const older = rows.filter((r) => r.bucket.getTime() !== bucket.getTime());
      const after = waitMs(budgets, [...older, ...current], now, windowMs, 1);
      const reservation = { keys, bucket };
      if (after === 0) return { reservation };
      await settle(reservation, []);
      return { waitSeconds: seconds(after) };
    },
    settle,
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
