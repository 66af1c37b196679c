// The only place where SQL on entities, notice counters and API keys lives.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { EntitiesTable, Schema } from '../../db/schema.ts';
import type { Entity } from './entity.ts';

// Never selects the logo bytes by accident: they are read only by getLogo.
const ENTITY_COLUMNS = [
  'id',
  'fiscal_code',
  'name',
  'sector',
  'info',
  'cbill',
  'segregation_code',
  'broker_id',
  'station_id',
  'postal_account',
  'ibans',
  'created_at',
] as const;

type EntityRow = Pick<Selectable<EntitiesTable>, (typeof ENTITY_COLUMNS)[number]> & { has_logo: boolean };

function toEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    fiscalCode: row.fiscal_code,
    name: row.name,
    sector: row.sector,
    info: row.info,
    cbill: row.cbill,
    segregationCode: row.segregation_code,
    brokerId: row.broker_id,
    stationId: row.station_id,
    postalAccount: row.postal_account,
    ibans: row.ibans,
    hasLogo: row.has_logo,
    createdAt: row.created_at,
  };
}

function selectEntities(db: Kysely<Schema>) {
  return db.selectFrom('entities').select(ENTITY_COLUMNS).select(sql<boolean>`logo IS NOT NULL`.as('has_logo'));
}

export async function findEntityByFiscalCode(db: Kysely<Schema>, fiscalCode: string): Promise<Entity | undefined> {
  const row = await selectEntities(db).where('fiscal_code', '=', fiscalCode).executeTakeFirst();
  return row && toEntity(row);
}

export async function findEntityById(db: Kysely<Schema>, id: string): Promise<Entity | undefined> {
  const row = await selectEntities(db).where('id', '=', id).executeTakeFirst();
  return row && toEntity(row);
}

export async function listEntities(db: Kysely<Schema>): Promise<Entity[]> {
  const rows = await selectEntities(db).orderBy('fiscal_code').execute();
  return rows.map(toEntity);
}

export async function insertEntity(
  db: Kysely<Schema>,
  row: Omit<EntitiesTable, 'created_at' | 'updated_at'>,
): Promise<void> {
  await db.insertInto('entities').values(row).execute();
  await db.insertInto('notice_counters').values({ entity_id: row.id }).execute();
}

/** Reserves `count` consecutive notice-number bases; returns the first. Runs as its own statement. */
export async function reserveNoticeBases(db: Kysely<Schema>, entityId: string, count: number): Promise<number> {
  const row = await db
    .updateTable('notice_counters')
    .set((eb) => ({ next_base: eb('next_base', '+', count) }))
    .where('entity_id', '=', entityId)
    .returning('next_base')
    .executeTakeFirstOrThrow();
  return row.next_base - count;
}
