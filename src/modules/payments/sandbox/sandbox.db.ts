// The only place where SQL on the sandbox's carts lives.
import type { Kysely } from 'kysely';
import type { SandboxCartStatusColumn, Schema } from '../../../db/schema.ts';
import type { CartRequest } from '../checkout/checkout-api.ts';

export type SandboxCartStatus = SandboxCartStatusColumn;

export interface SandboxCart {
  id: string;
  request: CartRequest;
  status: SandboxCartStatus;
  createdAt: Date;
}

export async function insertCart(db: Kysely<Schema>, cart: SandboxCart): Promise<void> {
  await db
    .insertInto('sandbox_carts')
    .values({ id: cart.id, request: JSON.stringify(cart.request), status: cart.status, created_at: cart.createdAt })
    .execute();
}

export async function findCart(db: Kysely<Schema>, id: string): Promise<SandboxCart | undefined> {
  const row = await db.selectFrom('sandbox_carts').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      request: JSON.parse(row.request) as CartRequest,
      status: row.status,
      createdAt: row.created_at,
    }
  );
}

/** Moves a cart from `from` to `to`; false when it was not in `from` (someone else took it). */
export async function moveCart(
  db: Kysely<Schema>,
  id: string,
  from: SandboxCartStatus,
  to: SandboxCartStatus,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('sandbox_carts')
    .set({ status: to, closed_at: to === 'OPEN' ? null : now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
