// Signed-in citizens: server-side sessions, known by the SHA-256 of the token their cookie holds
// (the token itself is never stored). See docs/adr/0016-citizen-sessions.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE citizen_sessions (
      token_hash bytea PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      fiscal_code varchar(16) COLLATE "C" NOT NULL,
      full_name text,
      -- How the citizen proved who they are.
      method text NOT NULL CHECK (method IN ('sandbox','spid','cie','cns')),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      -- The absolute end (12 hours after sign-in); idle sessions end 30 minutes after last_seen_at.
      expires_at timestamptz NOT NULL,
      ended_at timestamptz
    );
    CREATE INDEX citizen_sessions_fiscal_code ON citizen_sessions (fiscal_code);
  `,
  );
}
