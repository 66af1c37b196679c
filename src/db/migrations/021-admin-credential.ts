// The installation's admin credential (ADR 0029): one row at most, so that several Cassa processes
// starting at once on one database cannot each create one (the loser's insert does nothing). Its
// secret is kept only as a SHA-256 hash, like the API keys'. And entities can be deactivated.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE admin_credential (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      key_prefix varchar(24) NOT NULL,
      key_hash bytea NOT NULL UNIQUE,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      rotated_at timestamptz
    );
    ALTER TABLE entities ADD COLUMN deactivated_at timestamptz;
  `,
  );
}
