// SQL of the catalogue: services (their definition as JSON text) and the requests made from them.
import type { Kysely, Selectable } from 'kysely';
import type { CatalogueServicesTable, Schema } from '../../db/schema.ts';
import type { CatalogueService, ServiceDefinition } from './service.ts';

const toService = (row: Selectable<CatalogueServicesTable>): CatalogueService => ({
  ...(JSON.parse(row.definition) as ServiceDefinition),
  id: row.id,
  entityId: row.entity_id,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  retiredAt: row.retired_at,
});

/** The stored JSON: the definition only, in a fixed key order (so equal definitions store equal text). */
export function definitionText(def: ServiceDefinition): string {
  const { title, titleEn, description, descriptionEn, amount, fields, accounting, dueInDays } = def;
  return JSON.stringify({ title, titleEn, description, descriptionEn, amount, fields, accounting, dueInDays });
}

export async function insertService(db: Kysely<Schema>, service: CatalogueService): Promise<void> {
  await db
    .insertInto('catalogue_services')
    .values({
      id: service.id,
      entity_id: service.entityId,
      definition: definitionText(service),
      version: service.version,
      created_at: service.createdAt,
      updated_at: service.updatedAt,
      retired_at: service.retiredAt,
    })
    .execute();
}

/** The service of the entity with this id, locked for update when `lock`; undefined when not the entity's. */
export async function findService(
  db: Kysely<Schema>,
  entityId: string,
  id: string,
  lock = false,
): Promise<CatalogueService | undefined> {
  let query = db.selectFrom('catalogue_services').selectAll().where('entity_id', '=', entityId).where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toService(row);
}

export async function listServices(
  db: Kysely<Schema>,
  entityId: string,
  includeRetired: boolean,
): Promise<CatalogueService[]> {
  let query = db.selectFrom('catalogue_services').selectAll().where('entity_id', '=', entityId);
  if (!includeRetired) query = query.where('retired_at', 'is', null);
  return (await query.orderBy('id').execute()).map(toService);
}

export async function saveService(db: Kysely<Schema>, service: CatalogueService): Promise<void> {
  await db
    .updateTable('catalogue_services')
    .set({
      definition: definitionText(service),
      version: service.version,
      updated_at: service.updatedAt,
      retired_at: service.retiredAt,
    })
    .where('id', '=', service.id)
    .execute();
}

/** How many requests each of these services has had. */
export async function requestCounts(db: Kysely<Schema>, serviceIds: string[]): Promise<Map<string, number>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('service_requests')
    .select(['service_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('service_id', 'in', serviceIds)
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, Number(r.n)]));
}

export interface ServiceRequest {
  id: string;
  entityId: string;
  serviceId: string;
  serviceVersion: number;
  requestKey: string;
  debtorFiscalCode: string;
  iupd: string;
  amountCents: number;
  answers: Record<string, string>;
  createdAt: Date;
}

/** Inserts the request unless one with its key exists already; whether it was inserted. */
export async function insertRequest(db: Kysely<Schema>, request: ServiceRequest): Promise<boolean> {
  const result = await db
    .insertInto('service_requests')
    .values({
      id: request.id,
      entity_id: request.entityId,
      service_id: request.serviceId,
      service_version: request.serviceVersion,
      request_key: request.requestKey,
      debtor_fiscal_code: request.debtorFiscalCode,
      iupd: request.iupd,
      amount_cents: request.amountCents,
      answers: JSON.stringify(request.answers),
      created_at: request.createdAt,
    })
    .onConflict((oc) => oc.columns(['entity_id', 'request_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findRequest(
  db: Kysely<Schema>,
  entityId: string,
  requestKey: string,
): Promise<ServiceRequest | undefined> {
  const row = await db
    .selectFrom('service_requests')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      entityId: row.entity_id,
      serviceId: row.service_id,
      serviceVersion: row.service_version,
      requestKey: row.request_key,
      debtorFiscalCode: row.debtor_fiscal_code,
      iupd: row.iupd,
      amountCents: row.amount_cents,
      answers: JSON.parse(row.answers) as Record<string, string>,
      createdAt: row.created_at,
    }
  );
}
