// Imports are held by a lease (ADR 0021): the worker processing one names itself and renews an expiry
// while it lives, so that another worker takes over an import whose worker died within a couple of
// minutes, not after a fixed two hours. Whether to publish is kept on the import, so a job enqueued
// again for a stale import knows it.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE imports ADD COLUMN to_publish boolean;
    ALTER TABLE imports ADD COLUMN lease_owner text;
    ALTER TABLE imports ADD COLUMN lease_expires_at timestamptz;
    -- Imports running when this migration runs keep the two hours they had.
    UPDATE imports SET lease_expires_at = started_at + interval '2 hours' WHERE status = 'IN_PROGRESS';
    CREATE INDEX imports_unfinished ON imports (lease_expires_at) WHERE status IN ('RECEIVED', 'IN_PROGRESS');
  `,
  );
}
