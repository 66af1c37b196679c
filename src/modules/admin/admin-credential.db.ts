// The only SQL of the admin credential (ADR 0029): one row at most, never its secret, only its hash.
import { type Kysely, sql } from 'kysely';
import type { Schema } from '../../db/schema.ts';

export interface AdminCredentialInfo {
  prefix: string;
  createdAt: Date;
  rotatedAt: Date | null;
}

/**
 * Creates the credential unless one exists; true when this call created it. Of several processes
 * inserting at once, the primary key lets one win: the others' inserts wait for it and do nothing.
 */
export async function insertAdminCredentialIfNone(
  db: Kysely<Schema>,
  row: { prefix: string; hash: Uint8Array; createdBy: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('admin_credential')
    .values({ key_prefix: row.prefix, key_hash: row.hash, created_by: row.createdBy })
    .onConflict((oc) => oc.column('singleton').doNothing())
    .returning('key_prefix')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Replaces the credential's secret (creates the row when there is none); returns the previous prefix. */
export async function replaceAdminCredential(
  db: Kysely<Schema>,
  row: { prefix: string; hash: Uint8Array; createdBy: string },
): Promise<string | undefined> {
  // Locked first, so that two rotations at once are one after the other (each audited with its predecessor).
  const previous = await db.selectFrom('admin_credential').select('key_prefix').forUpdate().executeTakeFirst();
  await db
    .insertInto('admin_credential')
    .values({ key_prefix: row.prefix, key_hash: row.hash, created_by: row.createdBy })
    .onConflict((oc) =>
      oc.column('singleton').doUpdateSet({ key_prefix: row.prefix, key_hash: row.hash, rotated_at: sql`now()` }),
    )
    .execute();
  return previous?.key_prefix;
}

/** The credential whose hash this is: its prefix, or undefined. */
export async function findAdminCredentialByHash(db: Kysely<Schema>, hash: Uint8Array): Promise<string | undefined> {
  const row = await db
    .selectFrom('admin_credential')
    .select('key_prefix')
    .where('key_hash', '=', hash)
    .executeTakeFirst();
  return row?.key_prefix;
}

/** What may be shown of the credential (never its hash), or undefined when there is none. */
export async function findAdminCredential(db: Kysely<Schema>): Promise<AdminCredentialInfo | undefined> {
  const row = await db
    .selectFrom('admin_credential')
    .select(['key_prefix', 'created_at', 'rotated_at'])
    .executeTakeFirst();
  return row && { prefix: row.key_prefix, createdAt: row.created_at, rotatedAt: row.rotated_at };
}
