// The keys that sign the portal's cookies: made once (32 random bytes each) and kept in the
// database, so every Cassa process on it signs and checks alike, and a restart logs nobody out.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { PortalKeys } from './web.ts';

async function secret(db: Kysely<Schema>, name: string): Promise<Uint8Array> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(32) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

export async function portalKeys(db: Kysely<Schema>): Promise<PortalKeys> {
  return { csrf: await secret(db, 'portal.csrf'), payments: await secret(db, 'portal.payments') };
}
