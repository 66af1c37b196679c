// Spontaneous payments: each entity's catalogue of services a citizen may ask to pay for (school
// canteen top-up, certificates, fees), and the requests citizens made, one debt position each. See
// docs/adr/0019-spontaneous-payments.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE catalogue_services (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      -- JSON text of the definition (texts, amount rule, form fields, accounting data), checked by
      -- Cassa before it is written; read whole, never searched.
      definition text NOT NULL,
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      -- Retired services leave the portal but stay, since positions were made from them.
      retired_at timestamptz
    );
    CREATE INDEX catalogue_services_entity ON catalogue_services (entity_id, id);

    CREATE TABLE service_requests (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      service_id uuid NOT NULL REFERENCES catalogue_services(id),
      service_version integer NOT NULL,
      -- The key the form carried: a second submission of the same form finds this row.
      request_key uuid NOT NULL,
      debtor_fiscal_code varchar(16) COLLATE "C" NOT NULL,
      -- The position made for the request (no foreign key: an unpaid position may be deleted by the back office).
      iupd varchar(140) COLLATE "C" NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      answers text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (entity_id, request_key)
    );
    CREATE INDEX service_requests_service ON service_requests (service_id);
  `,
  );
}
