// pagoPA's central notice archive (ACA): what Cassa last sent for each notice, so that the sync job
// sends only what changed and retries what failed. See docs/adr/0014-aca-sync.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- The sync finds changed positions by their last update.
    CREATE INDEX positions_last_updated ON positions (last_updated_at);

    CREATE TABLE aca_notices (
      entity_id uuid NOT NULL REFERENCES entities(id),
      nav varchar(18) COLLATE "C" NOT NULL,
      position_id uuid NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
      -- JSON text: the paCreatePosition body ACA should have now (amount 0 withdraws the notice).
      desired text NOT NULL,
      desired_hash text NOT NULL,
      -- The hash of the last body ACA accepted; null when nothing was accepted yet.
      sent_hash text,
      -- ACA holds the notice as payable (so it must be withdrawn when it stops being payable).
      uploaded boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('PENDING','SYNCED','FAILED')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (entity_id, nav)
    );
    CREATE INDEX aca_notices_due ON aca_notices (next_attempt_at) WHERE status <> 'SYNCED';

    -- How far the sync has read the positions' updates (one row).
    CREATE TABLE aca_watermark (
      id integer PRIMARY KEY CHECK (id = 1),
      seen_until timestamptz NOT NULL
    );
  `,
  );
}
