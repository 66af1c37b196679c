// Failed anonymous look-ups of notice numbers, per client address, kept for the limiter's window:
// in the database so that every process behind a load balancer counts the same failures.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE lookup_failures (
      client text COLLATE "C" NOT NULL,
      failed_at timestamptz NOT NULL
    );
    CREATE INDEX lookup_failures_client ON lookup_failures (client, failed_at);
    CREATE INDEX lookup_failures_failed_at ON lookup_failures (failed_at);
  `,
  );
}
