// The citizen portal: the keys that sign its cookies (CSRF tokens, a payer's payments), one per
// purpose, made at first start and shared by every process on the database.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE app_secrets (
      name text PRIMARY KEY,
      value bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `,
  );
}
