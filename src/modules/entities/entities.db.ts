// The only place where SQL on entities, notice counters and API keys lives.
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
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
  'notice_language',
  'postal_authorization',
  'payable_after_due',
  'created_at',
  'deactivated_at',
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
    noticeLanguage: row.notice_language,
    postalAuthorization: row.postal_authorization,
    payableAfterDue: row.payable_after_due,
    createdAt: row.created_at,
    deactivatedAt: row.deactivated_at,
  };
}

const QUALIFIED = ENTITY_COLUMNS.map((c) => `entities.${c}` as const);

function selectEntities(db: Kysely<Schema>) {
  return db.selectFrom('entities').select(QUALIFIED).select(sql<boolean>`entities.logo IS NOT NULL`.as('has_logo'));
}

/** The entity of an unrevoked API key, with the key's id: one query for each API request. */
export async function findEntityByKeyHash(
  db: Kysely<Schema>,
  keyHash: Uint8Array,
): Promise<{ keyId: string; entity: Entity; grants: string[] | null } | undefined> {
  const row = await selectEntities(db)
    .innerJoin('api_keys', 'api_keys.entity_id', 'entities.id')
    .select(['api_keys.id as key_id', 'api_keys.grants'])
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    // A deactivated entity's keys are refused like revoked ones (ADR 0029).
    .where('entities.deactivated_at', 'is', null)
    .executeTakeFirst();
  return row && { keyId: row.key_id, entity: toEntity(row), grants: row.grants };
}

export async function findEntityByFiscalCode(db: Kysely<Schema>, fiscalCode: string): Promise<Entity | undefined> {
  const row = await selectEntities(db).where('entities.fiscal_code', '=', fiscalCode).executeTakeFirst();
  return row && toEntity(row);
}

/** The entity, locked until the end of the caller's transaction (so that two changes do not cross). */
export async function lockEntityByFiscalCode(db: Kysely<Schema>, fiscalCode: string): Promise<Entity | undefined> {
  const row = await selectEntities(db).where('entities.fiscal_code', '=', fiscalCode).forUpdate().executeTakeFirst();
  return row && toEntity(row);
}

export async function findEntityById(db: Kysely<Schema>, id: string): Promise<Entity | undefined> {
  const row = await selectEntities(db).where('entities.id', '=', id).executeTakeFirst();
  return row && toEntity(row);
}

/** The entity's logo bytes and media type, or undefined when it has none. */
export async function findEntityLogo(
  db: Kysely<Schema>,
  entityId: string,
): Promise<{ data: Uint8Array; mediaType: string } | undefined> {
  const row = await db
    .selectFrom('entities')
    .select(['logo', 'logo_media_type'])
    .where('id', '=', entityId)
    .executeTakeFirst();
  return row?.logo && row.logo_media_type ? { data: row.logo, mediaType: row.logo_media_type } : undefined;
}

export async function listEntities(db: Kysely<Schema>): Promise<Entity[]> {
  const rows = await selectEntities(db).orderBy('entities.fiscal_code').execute();
  return rows.map(toEntity);
}

export async function insertEntity(
  db: Kysely<Schema>,
  row: Omit<Insertable<EntitiesTable>, 'created_at' | 'updated_at'>,
): Promise<void> {
  await db.insertInto('entities').values(row).execute();
  await db.insertInto('notice_counters').values({ entity_id: row.id }).execute();
}

/** Writes the changeable fields of an entity (see EntityChanges). */
export async function updateEntity(
  db: Kysely<Schema>,
  id: string,
  row: Pick<
    Updateable<EntitiesTable>,
    | 'name'
    | 'sector'
    | 'info'
    | 'cbill'
    | 'broker_id'
    | 'station_id'
    | 'postal_account'
    | 'ibans'
    | 'notice_language'
    | 'postal_authorization'
    | 'payable_after_due'
  >,
): Promise<void> {
  await db
    .updateTable('entities')
    .set({ ...row, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Deactivates (a time) or reactivates (null) an entity. */
export async function setEntityDeactivated(db: Kysely<Schema>, id: string, at: Date | null): Promise<void> {
  await db.updateTable('entities').set({ deactivated_at: at, updated_at: sql`now()` }).where('id', '=', id).execute();
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
