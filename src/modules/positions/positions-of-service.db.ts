// SQL of the positions made from a catalogue service: their transfers carry the service's id in
// their metadata (`cassaService`, written by the catalogue's requests and by the console's form).
// Transfers are stored as JSON text: the LIKE narrows by the entity's index, the JSON decides.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { isUuid } from '../../shared/ids.ts';
import type { Transfer } from './position.ts';

/** The iupds of the entity's positions made from service `serviceId`, in iupd order. */
export async function iupdsOfService(db: Kysely<Schema>, entityId: string, serviceId: string): Promise<string[]> {
  if (!isUuid(serviceId)) return [];
  const rows = await db
    .selectFrom('installments as i')
    .innerJoin('positions as p', 'p.id', 'i.position_id')
    .select(['p.iupd', 'i.transfers'])
    .where('i.entity_id', '=', entityId)
    .where('i.transfers', 'like', `%${serviceId}%`)
    .execute();
  const made = (json: string) =>
    (JSON.parse(json) as Transfer[]).some((t) =>
      t.metadata.some((m) => m.key === 'cassaService' && m.value === serviceId),
    );
  return [...new Set(rows.filter((r) => made(r.transfers)).map((r) => r.iupd))].sort();
}
