// The domain-event outbox: one row per event, written in the same transaction as the change it tells
// of, and one inbox row per (consumer, event) for each named consumer subscribed to its type, written
// with it. A consumer claims its rows with FOR UPDATE SKIP LOCKED and marks them done in the same
// transaction as its own effect, so no event is lost to a late commit and none is handled twice.
// See docs/adr/0026-domain-events.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE domain_events (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      type text NOT NULL,
      -- json, not jsonb: the text is kept as written (key order too; webhook bodies are built from it).
      data json NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX domain_events_entity ON domain_events (entity_id, created_at);

    CREATE TABLE event_inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL REFERENCES domain_events(id),
      -- Failed tries so far; the next one is not before next_attempt_at (NULL: at once).
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      done_at timestamptz,
      PRIMARY KEY (consumer, event_id)
    );
    CREATE INDEX event_inbox_pending ON event_inbox (consumer, event_id) WHERE done_at IS NULL;
  `,
  );
}
