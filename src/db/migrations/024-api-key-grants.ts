// What each API key may do (ADR 0031): a list of `area:access` grants at its entity, or NULL for the
// API keys' default (positions, payments, catalogue and settings, read and write), so that the keys
// made before this migration keep what they could do, and follow the default if it grows.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE api_keys ADD COLUMN grants text[]
      CHECK (grants IS NULL OR cardinality(grants) > 0);
  `,
  );
}
