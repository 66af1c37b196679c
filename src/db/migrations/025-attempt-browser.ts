// A payment attempt started on the portal remembers the browser that started it (a keyed hash of
// that browser's CSRF cookie, never the cookie itself), so that only that browser may take the
// attempt up again: a notice held by the back office's attempt, or by another citizen's, is "in
// progress elsewhere", never handed over. And citizens may choose German on the portal (ADR 0034).
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE payment_attempts ADD COLUMN browser_tag text;
    ALTER TABLE citizen_profiles DROP CONSTRAINT citizen_profiles_language_check;
    ALTER TABLE citizen_profiles ADD CONSTRAINT citizen_profiles_language_check
      CHECK (language IN ('it','en','de'));
    ALTER TABLE calendar_feeds DROP CONSTRAINT calendar_feeds_language_check;
    ALTER TABLE calendar_feeds ADD CONSTRAINT calendar_feeds_language_check
      CHECK (language IN ('it','en','de'));
  `,
  );
}
