// The citizen's cart: up to five notices of one entity paid together (pagoPA Checkout's limit).
// The limit is the table's shape, not a count in code: an item takes one of five numbered slots,
// so two adds racing for the last place cannot both win.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE cart_items (
      fiscal_code varchar(16) COLLATE "C" NOT NULL,
      entity_id uuid NOT NULL REFERENCES entities (id),
      slot smallint NOT NULL CHECK (slot BETWEEN 1 AND 5),
      nav varchar(18) COLLATE "C" NOT NULL,
      added_at timestamptz NOT NULL,
      PRIMARY KEY (fiscal_code, entity_id, slot),
      UNIQUE (fiscal_code, entity_id, nav)
    );
  `,
  );
}
