// An operator who has an authenticator app may set up a new one from their account page: the new key
// waits beside the confirmed one (which keeps working) until a code of the new app confirms it; the
// key shown stays the same while the session lasts, so reloading the page does not replace it
// (ADR 0042).
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE operator_totp ADD COLUMN pending_secret text;
    ALTER TABLE operator_totp ADD COLUMN pending_created_at timestamptz;
  `,
  );
}
