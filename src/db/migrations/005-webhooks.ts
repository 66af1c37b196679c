// Webhooks to the back office: endpoints per entity, events written in the same transaction as the
// change they tell of (the transactional outbox), and one delivery per event and endpoint with its
// retry schedule and log. See docs/adr/0013-webhooks.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE webhook_endpoints (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      url text NOT NULL,
      description text,
      -- The HMAC-SHA256 key of the Cassa-Signature header. Shown once, when the endpoint is created.
      secret text NOT NULL,
      events text[] NOT NULL CHECK (cardinality(events) >= 1),
      active boolean NOT NULL DEFAULT true,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      disabled_at timestamptz
    );
    CREATE INDEX webhook_endpoints_entity ON webhook_endpoints (entity_id) WHERE active;

    CREATE TABLE webhook_events (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      type text NOT NULL,
      -- JSON text: the body sent, exactly (signed as it is).
      body text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX webhook_events_entity ON webhook_events (entity_id, created_at);

    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL REFERENCES webhook_events(id),
      endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
      entity_id uuid NOT NULL REFERENCES entities(id),
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','DELIVERED','FAILED')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      -- A worker holds the delivery until then (another process may take it afterwards).
      locked_until timestamptz,
      last_attempt_at timestamptz,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (event_id, endpoint_id)
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
    CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
  `,
  );
}
