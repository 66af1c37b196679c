// Documents: the entity's notice language and Poste authorisation, receipts with the keys that
// sign them, and background print runs with their output. See docs/adr/0009-documents.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- Language of printed notices unless a request asks for another: Italian, or bilingual.
    ALTER TABLE entities ADD COLUMN notice_language text NOT NULL DEFAULT 'it'
      CHECK (notice_language IN ('it','it-en','it-de'));
    -- Poste Italiane's authorisation to print Bollettini PA in-house ("AUT. DB/..."), shown on the
    -- postal section of notices when set.
    ALTER TABLE entities ADD COLUMN postal_authorization varchar(70);

    -- Ed25519 keys that sign the verification tokens printed on receipts. The newest unretired key
    -- signs; every key keeps verifying what it signed.
    CREATE TABLE signing_keys (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      algorithm text NOT NULL CHECK (algorithm = 'Ed25519'),
      public_key bytea NOT NULL,
      -- PKCS#8 DER. Readable by whoever reads the database, like the rest of the entity's data.
      private_key bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    );
    CREATE INDEX signing_keys_entity ON signing_keys (entity_id, created_at);

    -- One row per payment received, whatever the channel: the evidence behind a paid instalment.
    -- Written before or with the instalment's change, never changed afterwards.
    CREATE TABLE receipts (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      -- pagoPA's receiptId, the back office's idReceipt, or one Cassa made up when none was given.
      receipt_id text COLLATE "C" NOT NULL,
      nav varchar(18) COLLATE "C" NOT NULL,
      iuv varchar(35) COLLATE "C" NOT NULL,
      position_id uuid REFERENCES positions(id),
      installment_id uuid REFERENCES installments(id),
      iupd varchar(140),
      description varchar(140) NOT NULL,
      company_name varchar(140) NOT NULL,
      debtor_fiscal_code varchar(16) COLLATE "C" NOT NULL,
      -- JSON text: the debtor and (when known) the payer as GPD's subjects.
      debtor text NOT NULL,
      payer text,
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      fee_cents bigint CHECK (fee_cents >= 0),
      paid_at timestamptz NOT NULL,
      channel text NOT NULL,
      payment_method text,
      psp_id varchar(35),
      psp_company text,
      -- JSON text: the transfers as they were when paid.
      transfers text NOT NULL,
      source text NOT NULL CHECK (source IN ('paids','paSendRT','paSendRTV2')),
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (entity_id, iuv, receipt_id)
    );
    CREATE INDEX receipts_entity_receipt ON receipts (entity_id, receipt_id);
    CREATE INDEX receipts_entity_nav ON receipts (entity_id, nav);
    CREATE INDEX receipts_entity_debtor ON receipts (entity_id, debtor_fiscal_code);

    CREATE FUNCTION receipts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'receipts cannot be changed or deleted';
    END $$;
    CREATE TRIGGER receipts_no_update BEFORE UPDATE OR DELETE ON receipts
      FOR EACH ROW EXECUTE FUNCTION receipts_immutable();

    -- Bulk printing started through the API, run by a background job; the output is kept in the
    -- database in chunks, so any process can produce it and any process can serve it.
    CREATE TABLE print_jobs (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      format text NOT NULL CHECK (format IN ('pdf','zip')),
      language text CHECK (language IN ('it','it-en','it-de')),
      -- JSON text: what to print ({"iupds": [...]} | {"status": "VALID"} | {"all": true}).
      selection text NOT NULL,
      status text NOT NULL CHECK (status IN ('QUEUED','IN_PROGRESS','COMPLETED','FAILED')),
      total integer NOT NULL DEFAULT 0,
      processed integer NOT NULL DEFAULT 0,
      skipped integer NOT NULL DEFAULT 0,
      byte_size bigint,
      error text,
      actor text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      ended_at timestamptz
    );
    CREATE INDEX print_jobs_entity_created ON print_jobs (entity_id, created_at);

    CREATE TABLE print_job_chunks (
      job_id uuid NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (job_id, seq)
    );
  `,
  );
}
