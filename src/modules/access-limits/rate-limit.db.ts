// The SQL of the access limits (table access_hits, migration 017): counters per key, kind and
// 10-second bucket. Reads return at most one row per bucket of the window; writes add to the bucket.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';

export type HitKind = 'success' | 'failure';

export interface BucketHits {
  key: string;
  kind: HitKind;
  bucket: Date;
  hits: number;
}

/** The counters of `keys` in buckets that started after `since`, oldest first. */
export function recentHits(db: Kysely<Schema>, keys: readonly string[], since: Date): Promise<BucketHits[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('access_hits')
    .select(['key', 'kind', 'bucket', 'hits'])
    .where('key', 'in', [...keys])
    .where('bucket', '>', since)
    .orderBy('bucket')
    .execute();
}

/** Adds one hit of `kind` to each key's counter of `bucket` (keys sorted: concurrent writers lock in one order). */
export async function addHits(db: Kysely<Schema>, keys: readonly string[], kind: HitKind, bucket: Date): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await db
    .insertInto('access_hits')
    .values(sorted.map((key) => ({ key, kind, bucket, hits: 1 })))
    .onConflict((oc) => oc.columns(['key', 'kind', 'bucket']).doUpdateSet({ hits: sql<number>`access_hits.hits + 1` }))
    .execute();
}

/**
 * Adds one hit of each kind to each key's counter of `bucket` and returns those counters as they are
 * now (concurrent writers wait for each other's row, so each sees the hits of those before it).
 */
export async function addHitsReturning(
  db: Kysely<Schema>,
  keys: readonly string[],
  kinds: readonly HitKind[],
  bucket: Date,
): Promise<BucketHits[]> {
  const rows = [...new Set(keys)]
    .sort()
    .flatMap((key) => [...kinds].sort().map((kind) => ({ key, kind, bucket, hits: 1 })));
  if (rows.length === 0) return [];
  return db
    .insertInto('access_hits')
    .values(rows)
    .onConflict((oc) => oc.columns(['key', 'kind', 'bucket']).doUpdateSet({ hits: sql<number>`access_hits.hits + 1` }))
    .returning(['key', 'kind', 'bucket', 'hits'])
    .execute();
}

/** Takes one hit of `kind` back from each key's counter of `bucket` (a reservation not used). */
export async function takeBackHits(
  db: Kysely<Schema>,
  keys: readonly string[],
  kind: HitKind,
  bucket: Date,
): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable('access_hits')
    .set({ hits: sql<number>`hits - 1` })
    .where('key', 'in', [...new Set(keys)].sort())
    .where('kind', '=', kind)
    .where('bucket', '=', bucket)
    .where('hits', '>', 0)
    .execute();
}

/** Deletes the counters of buckets that started at or before `cutoff`. */
export async function forgetHits(db: Kysely<Schema>, cutoff: Date): Promise<void> {
  await db.deleteFrom('access_hits').where('bucket', '<=', cutoff).execute();
}
