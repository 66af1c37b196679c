// Keys that sign cookies (each area's CSRF tokens, the portal's payments list): made once (32 random
// bytes each) and kept in the database, so every Cassa process on it signs and checks alike, and a
// restart logs nobody out.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** The secret called `name`, made now if it does not exist yet (the first process to ask wins). */
export async function appSecret(db: Kysely<Schema>, name: string): Promise<Uint8Array> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(32) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
