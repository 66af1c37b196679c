// The operators among audit actors, by name (the entity's own, or installation administrators), for
// pages that say who did what.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';

export async function operatorNames(
  db: Kysely<Schema>,
  entityId: string,
  actors: readonly (string | null)[],
): Promise<Map<string, string>> {
  const ids = [...new Set(actors)]
    .filter((a): a is string => a?.startsWith('operator:') ?? false)
    .map((a) => a.slice('operator:'.length))
    .filter((id) => /^[0-9a-f-]{36}$/.test(id));
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('operators')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('entity_id', '=', entityId), eb('entity_id', 'is', null)]))
    .execute();
  return new Map(rows.map((o) => [`operator:${o.id}`, o.display_name]));
}
