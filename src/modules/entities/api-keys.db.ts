// SQL of API keys (the lookup a request makes is findEntityByKeyHash in entities.db.ts).
import type { Insertable, Kysely } from 'kysely';
import type { ApiKeysTable, Schema } from '../../db/schema.ts';
import { keyGrantText } from '../../shared/principal.ts';
import { keyGrantsOf } from './key-grants.ts';

export interface ApiKeyInfo {
  id: string;
  entityFiscalCode: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** What the key may do at its entity, as `area:access` (ADR 0031). */
  grants: string[];
}

export async function insertApiKey(db: Kysely<Schema>, row: Insertable<ApiKeysTable>): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

/** Keys (never their hashes) filtered by id, displayed prefix or entity. */
export async function findApiKeys(
  db: Kysely<Schema>,
  filter: { id?: string; prefix?: string; entityFiscalCode?: string },
): Promise<ApiKeyInfo[]> {
  let query = db
    .selectFrom('api_keys')
    .innerJoin('entities', 'entities.id', 'api_keys.entity_id')
    .select([
      'api_keys.id',
      'entities.fiscal_code',
      'api_keys.name',
      'api_keys.key_prefix',
      'api_keys.created_by',
      'api_keys.created_at',
      'api_keys.revoked_at',
      'api_keys.grants',
    ])
    .orderBy('api_keys.created_at');
  if (filter.id) query = query.where('api_keys.id', '=', filter.id);
  if (filter.prefix) query = query.where('api_keys.key_prefix', '=', filter.prefix);
  if (filter.entityFiscalCode) query = query.where('entities.fiscal_code', '=', filter.entityFiscalCode);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    entityFiscalCode: r.fiscal_code,
    name: r.name,
    prefix: r.key_prefix,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    grants: keyGrantsOf(r.grants).map(keyGrantText),
  }));
}

/** Marks a key revoked; returns its entity id. */
export async function revokeApiKey(db: Kysely<Schema>, id: string, at: Date): Promise<string> {
  const row = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .returning('entity_id')
    .executeTakeFirstOrThrow();
  return row.entity_id;
}
