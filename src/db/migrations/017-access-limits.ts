// The portal's access limits (ADR 0023): hits per key (a client address, an entity, a sign-in
// start…), kind (success, failure) and 10-second bucket, kept for the limiter's window only. In the
// database so that every process behind a load balancer counts the same hits; one counter row per
// bucket, so an entity-wide budget of thousands costs a handful of rows to read. Replaces
// lookup_failures (one row per failure, addresses only, failures only). A request in progress holds
// a hit of each kind (a reservation), so that concurrent requests cannot all slip under a budget.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE access_hits (
      key text COLLATE "C" NOT NULL,
      kind text COLLATE "C" NOT NULL CHECK (kind IN ('success', 'failure')),
      bucket timestamptz NOT NULL,
      hits integer NOT NULL CHECK (hits >= 0),
      PRIMARY KEY (key, kind, bucket)
    );
    CREATE INDEX access_hits_bucket ON access_hits (bucket);
    DROP TABLE lookup_failures;
  `,
  );
}
