// Payments started from Cassa: attempts on pagoPA Checkout with their notices, and the carts of the
// built-in pagoPA sandbox. See docs/adr/0012-payment-attempts.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE payment_attempts (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      status text NOT NULL CHECK (status IN ('CREATED','STARTED','UNKNOWN','SUCCEEDED','FAILED','EXPIRED')),
      checkout text NOT NULL CHECK (checkout IN ('sandbox','pagopa')),
      total_cents bigint NOT NULL CHECK (total_cents > 0),
      -- JSON text: where the payer goes back to ({ok, cancel, error, waiting}).
      return_urls text NOT NULL,
      email text,
      redirect_url text,
      last_return text CHECK (last_return IN ('ok','cancel','error','waiting')),
      note text,
      requested_by text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX payment_attempts_live ON payment_attempts (expires_at)
      WHERE status IN ('CREATED','STARTED','UNKNOWN');

    -- The notices of an attempt. "live" while the attempt holds them: at most one live attempt per
    -- notice, whatever the number of clicks, tabs or processes (the unique index decides).
    CREATE TABLE payment_attempt_notices (
      attempt_id uuid NOT NULL REFERENCES payment_attempts(id),
      entity_id uuid NOT NULL REFERENCES entities(id),
      nav varchar(18) COLLATE "C" NOT NULL,
      installment_id uuid NOT NULL REFERENCES installments(id),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      description varchar(140) NOT NULL,
      company_name varchar(140) NOT NULL,
      live boolean NOT NULL DEFAULT true,
      paid_at timestamptz,
      PRIMARY KEY (attempt_id, nav)
    );
    CREATE UNIQUE INDEX payment_attempt_notices_one_live ON payment_attempt_notices (entity_id, nav) WHERE live;
    CREATE INDEX payment_attempt_notices_nav ON payment_attempt_notices (entity_id, nav);

    -- Carts of the built-in pagoPA sandbox (the simulated Checkout), kept in the database so that any
    -- Cassa process can show and pay them.
    CREATE TABLE sandbox_carts (
      id uuid PRIMARY KEY,
      -- JSON text: Checkout's CartRequestV2 as received.
      request text NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN','PAID','DECLINED','TIMED_OUT','CANCELLED')),
      created_at timestamptz NOT NULL,
      closed_at timestamptz
    );
  `,
  );
}
