// The citizen's due-date calendar: the private iCalendar feed (one per citizen, known by the SHA-256
// of its token — the token itself is never stored) and the reminder preferences the notifications
// will read. Both are keyed by the citizen's fiscal code: they cover every entity. See
// docs/adr/0018-calendar-feed.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE calendar_feeds (
      fiscal_code varchar(16) COLLATE "C" PRIMARY KEY,
      -- Names the feed in the audit trail (a new one at every new address).
      id uuid NOT NULL UNIQUE,
      token_hash bytea NOT NULL UNIQUE,
      -- The language of the events' words (calendar apps send no cookie).
      language text NOT NULL CHECK (language IN ('it','en')),
      created_at timestamptz NOT NULL
    );

    CREATE TABLE reminder_preferences (
      fiscal_code varchar(16) COLLATE "C" PRIMARY KEY,
      -- Days before each due date; empty means no reminders.
      days_before smallint[] NOT NULL CHECK (days_before <@ ARRAY[1,3,7,15]::smallint[]),
      by_email boolean NOT NULL,
      by_sms boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      -- A channel without a day would never send anything.
      CHECK (cardinality(days_before) > 0 OR NOT (by_email OR by_sms))
    );
  `,
  );
}
