// The pagoPA station: the entity's late-payment setting, pagoPA's receipt details kept with each
// receipt, and over-payment items — money received that settles no debt and is to be refunded.
// See docs/adr/0011-pagopa-station.md.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- Whether a notice can still be paid through pagoPA after its due date (GPD's default: yes).
    -- An option with switchToExpired stops at its due date whatever this says.
    ALTER TABLE entities ADD COLUMN payable_after_due boolean NOT NULL DEFAULT true;

    -- pagoPA's receipts carry more than Cassa's columns: the rest as JSON (PSP fiscal code,
    -- channel description, payment note, bundles, application and transfer dates, metadata,
    -- Stand-In), and the receipt element exactly as received, the evidence behind the row.
    ALTER TABLE receipts ADD COLUMN details text;
    ALTER TABLE receipts ADD COLUMN message text;

    -- A receipt that settles no debt, or not all of what it paid: the money is accounted for here
    -- until an operator refunds it (or resolves it otherwise). One item per receipt at most.
    CREATE TABLE overpayments (
      id uuid PRIMARY KEY,
      entity_id uuid NOT NULL REFERENCES entities(id),
      receipt_ref uuid NOT NULL UNIQUE REFERENCES receipts(id),
      nav varchar(18) COLLATE "C" NOT NULL,
      reason text NOT NULL CHECK (reason IN (
        'ALREADY_PAID', 'OTHER_OPTION_PAID', 'CANCELLED', 'NOT_PAYABLE', 'UNKNOWN_NOTICE', 'AMOUNT_MISMATCH'
      )),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'REFUNDED', 'RESOLVED')),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      closed_by text
    );
    CREATE INDEX overpayments_entity_status ON overpayments (entity_id, status, created_at);
    CREATE INDEX overpayments_entity_nav ON overpayments (entity_id, nav);
  `,
  );
}
