// Over-payments worked from the console (issue 12, ADR 0039): an item's notes (append-only, who and
// when) and its refund records — amount, beneficiary and IBAN, the date, the bank reference — with
// their states (RECORDED → PAID, or CANCELLED with a reason). Corrections are new rows: a wrong refund
// is cancelled and recorded again, a note is never edited. The sum of an item's refunds that are not
// cancelled never exceeds its amount: the service checks it with the item's row locked.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE overpayment_notes (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      overpayment_id uuid NOT NULL REFERENCES overpayments(id),
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
      author text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX overpayment_notes_item ON overpayment_notes (overpayment_id, created_at);
    CREATE TABLE overpayment_refunds (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      overpayment_id uuid NOT NULL REFERENCES overpayments(id),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      beneficiary text NOT NULL CHECK (length(beneficiary) BETWEEN 1 AND 140),
      iban varchar(34) COLLATE "C" NOT NULL,
      refund_date date NOT NULL,
      reference text CHECK (length(reference) <= 140),
      status text NOT NULL DEFAULT 'RECORDED' CHECK (status IN ('RECORDED', 'PAID', 'CANCELLED')),
      cancel_reason text,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      changed_at timestamptz,
      changed_by text,
      CHECK ((status = 'CANCELLED') = (cancel_reason IS NOT NULL))
    );
    CREATE INDEX overpayment_refunds_item ON overpayment_refunds (overpayment_id, created_at);
  `,
  );
}
