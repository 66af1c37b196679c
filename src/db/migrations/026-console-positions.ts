// The console's position search and detail (issue 12, ADR 0036) read by indexes, never by scanning an
// entity's positions: debtors' names by word prefix (a text-search index over the options' debtors,
// no extension needed), the order by debtor name, the catalogue service an instalment was made for
// (its first transfer's `cassaService` metadata, as the catalogue writes it) and its taxonomy category,
// and the domain events of one position (by IUPD, by notice number) for its timeline. And the table
// of the exports of large searches made in the background, with their files in chunks (as print runs).
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE INDEX positions_debtor_words ON positions
      USING gin (to_tsvector('simple'::regconfig, jsonb_path_query_array(options::jsonb, '$[*].debtor.fullName')));
    CREATE INDEX positions_entity_debtor_name ON positions
      (entity_id, lower(options::jsonb #>> '{0,debtor,fullName}'), id);
    CREATE INDEX installments_entity_service ON installments
      (entity_id, (jsonb_path_query_first(transfers::jsonb, '$[0].metadata[*] ? (@.key == "cassaService").value') #>> '{}'));
    CREATE INDEX installments_entity_category ON installments (entity_id, ((transfers::jsonb) -> 0 ->> 'category'));
    CREATE INDEX domain_events_entity_iupd ON domain_events (entity_id, (data ->> 'iupd'));
    CREATE INDEX domain_events_entity_nav ON domain_events (entity_id, (data ->> 'nav'));
  `,
  );
  await upExports(db);
}

/** The exports of large searches, made in the background (the `positions.export` job) and kept here. */
export async function upExports(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE position_exports (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      format text NOT NULL CHECK (format IN ('csv','xlsx')),
      -- JSON text: the search's filters and the services the requester saw ("*": all of them).
      search text NOT NULL,
      scope text NOT NULL,
      status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED','RUNNING','COMPLETED','FAILED')),
      row_count integer,
      byte_size bigint,
      error text,
      actor text NOT NULL,
      created_at timestamptz NOT NULL,
      started_at timestamptz,
      ended_at timestamptz
    );
    CREATE INDEX position_exports_entity_created ON position_exports (entity_id, created_at);
    CREATE TABLE position_export_chunks (
      export_id uuid NOT NULL REFERENCES position_exports(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (export_id, seq)
    );
  `,
  );
}
