// The dashboard's sums (console/dashboard/dashboard.db.ts, ADR 0038) read an entity's receipts of a
// year by the instant they were paid: without an index, every entity's receipts were scanned (1.2
// million rows, 210 ms; with it, the entity's year only). Its failed webhook deliveries, newest first,
// are a few rows of a partial index.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE INDEX receipts_entity_paid ON receipts (entity_id, paid_at);
    CREATE INDEX webhook_deliveries_entity_failed ON webhook_deliveries (entity_id, last_attempt_at)
      WHERE status = 'FAILED';
  `,
  );
}
