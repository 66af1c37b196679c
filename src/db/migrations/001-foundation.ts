// Entities, API keys, debt positions with their instalments, the append-only audit log and imports.
// See docs/adr/0004-position-data-model.md for the
// reasoning behind the layout (instalments as rows, transfers as JSON, settlement foreign key).
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE entities (
      id uuid PRIMARY KEY,
      fiscal_code varchar(11) COLLATE "C" NOT NULL UNIQUE,
      name text NOT NULL,
      sector text,
      info text,
      cbill varchar(5),
      segregation_code varchar(2) NOT NULL CHECK (segregation_code ~ '^[0-9]{2}$'),
      broker_id varchar(35) NOT NULL,
      station_id varchar(35) NOT NULL,
      postal_account varchar(12),
      ibans text[] NOT NULL CHECK (cardinality(ibans) >= 1),
      logo bytea,
      logo_media_type text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- Next free 13-digit base of the aux-3 notice numbers of each entity. Bumped in its own short
    -- transaction (like a sequence), so a number handed out is never handed out again.
    CREATE TABLE notice_counters (
      entity_id uuid PRIMARY KEY REFERENCES entities(id),
      next_base bigint NOT NULL DEFAULT 1 CHECK (next_base >= 1 AND next_base <= 10000000000000)
    );

    CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      name text NOT NULL,
      key_prefix varchar(16) NOT NULL,
      key_hash bytea NOT NULL UNIQUE,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
    CREATE INDEX api_keys_entity ON api_keys (entity_id);

    CREATE TABLE positions (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      iupd varchar(140) COLLATE "C" NOT NULL,
      status text NOT NULL CHECK (status IN
        ('DRAFT','PUBLISHED','VALID','INVALID','EXPIRED','PARTIALLY_PAID','PAID','REPORTED')),
      company_name varchar(140) NOT NULL,
      office_name varchar(140),
      pay_stand_in boolean NOT NULL DEFAULT true,
      -- Option-level data of GPD v3 (description, validity, retention, switchToExpired, debtor) as
      -- JSON text: written and read whole by Cassa, never searched by the database (see ADR 4).
      options text NOT NULL,
      -- Every option has switchToExpired: the position expires after its last due date.
      expires_after_due boolean NOT NULL DEFAULT false,
      -- Earliest validity date of the options: when a published position becomes VALID.
      validity_at timestamptz,
      -- Set when the first instalment is paid: the option that settles this debt. Instalments of
      -- any other option can then never be marked paid (see the foreign key on installments).
      settling_option smallint,
      content_hash varchar(64) NOT NULL,
      version integer NOT NULL DEFAULT 1,
      inserted_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      paid_at timestamptz,
      last_updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (entity_id, iupd),
      UNIQUE (id, settling_option)
    );
    CREATE INDEX positions_entity_status ON positions (entity_id, status);
    CREATE INDEX positions_entity_inserted ON positions (entity_id, inserted_at);
    CREATE INDEX positions_published_validity ON positions (validity_at) WHERE status = 'PUBLISHED';
    CREATE INDEX positions_valid_expiring ON positions (entity_id) WHERE status = 'VALID' AND expires_after_due;

    CREATE TABLE installments (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL,
      position_id uuid NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
      option_index smallint NOT NULL CHECK (option_index >= 0),
      installment_index smallint NOT NULL CHECK (installment_index >= 0),
      nav varchar(18) COLLATE "C" NOT NULL CHECK (nav ~ '^[0-9]{18}$'),
      iuv varchar(35) COLLATE "C" NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 99999999999),
      description varchar(140) NOT NULL,
      due_date date NOT NULL,
      debtor_fiscal_code varchar(16) COLLATE "C" NOT NULL,
      status text NOT NULL DEFAULT 'UNPAID' CHECK (status IN ('UNPAID','PAID','PARTIALLY_REPORTED','REPORTED')),
      -- JSON text, written and read whole (see ADR 4).
      transfers text NOT NULL,
      metadata text NOT NULL DEFAULT '[]',
      settled_option smallint,
      paid_at timestamptz,
      payment_method text,
      payment_channel text,
      psp_company text,
      receipt_id text,
      fee_cents bigint,
      recorded_by text,
      inserted_at timestamptz NOT NULL DEFAULT now(),
      last_updated_at timestamptz NOT NULL DEFAULT now(),
      -- Cassa issues and accepts aux-digit-3 numbers only, whose IUV is the nav without its first
      -- digit: unique notice numbers are unique IUVs.
      UNIQUE (entity_id, nav),
      CHECK (nav ~ '^3' AND iuv = substr(nav, 2)),
      UNIQUE (position_id, option_index, installment_index),
      CHECK ((status = 'UNPAID') = (settled_option IS NULL)),
      CHECK (settled_option IS NULL OR settled_option = option_index),
      CHECK ((status = 'UNPAID') = (paid_at IS NULL)),
      FOREIGN KEY (position_id, settled_option) REFERENCES positions (id, settling_option) ON DELETE CASCADE
    );
    CREATE INDEX installments_debtor ON installments (entity_id, debtor_fiscal_code);
    CREATE INDEX installments_due ON installments (entity_id, due_date);
    CREATE INDEX installments_paid ON installments (entity_id, paid_at) WHERE paid_at IS NOT NULL;

    -- Who did what, when, with the state before and after. Append-only: rows cannot be changed.
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      entity_id uuid,
      actor text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      -- JSON text: written once, read by people and tools, never searched by Cassa.
      before text,
      after text,
      request_id text
    );
    CREATE INDEX audit_log_subject ON audit_log (entity_id, subject_type, subject_id);

    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    CREATE TABLE imports (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      source text NOT NULL CHECK (source IN ('api','cli')),
      file_name text NOT NULL,
      format text NOT NULL CHECK (format IN ('csv','json','jsonl','gpd-zip')),
      mode text NOT NULL CHECK (mode IN ('create','upsert')),
      status text NOT NULL CHECK (status IN ('UPLOADING','RECEIVED','IN_PROGRESS','COMPLETED','COMPLETED_UNSUCCESSFULLY')),
      byte_size bigint NOT NULL,
      submitted_items integer NOT NULL DEFAULT 0,
      processed_items integer NOT NULL DEFAULT 0,
      created_count integer NOT NULL DEFAULT 0,
      updated_count integer NOT NULL DEFAULT 0,
      unchanged_count integer NOT NULL DEFAULT 0,
      error_count integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]',
      actor text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      ended_at timestamptz
    );
    CREATE INDEX imports_entity_created ON imports (entity_id, created_at);

    -- Uploaded files are kept in the database in chunks so any worker process can stream them.
    CREATE TABLE import_chunks (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (import_id, seq)
    );
  `,
  );
}
