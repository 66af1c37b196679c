// Use cases for creditor bodies. Used by the CLI, the demo seed and the other modules.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import {
  findEntityByFiscalCode,
  findEntityById,
  findEntityLogo,
  insertEntity,
  listEntities,
  reserveNoticeBases,
} from './entities.db.ts';
import { type Entity, type EntityInput, normalizeEntityInput, validateEntityInput } from './entity.ts';

export type EntitiesService = ReturnType<typeof entitiesService>;

export function entitiesService(deps: { db: Kysely<Schema> }) {
  const { db } = deps;
  return {
    /** Creates an entity after validating every field; 409 ENTITY_EXISTS when the fiscal code is taken. */
    async create(rawInput: EntityInput, actor: Actor): Promise<Entity> {
      const input = normalizeEntityInput(rawInput);
      const problems = validateEntityInput(input);
      if (problems.length > 0) throw invalid(problems);
      const id = uuidv7();
      await db.transaction().execute(async (trx) => {
        if (await findEntityByFiscalCode(trx, input.fiscalCode)) {
          throw new AppError('ENTITY_EXISTS', `An entity with fiscal code ${input.fiscalCode} already exists`);
        }
        await insertEntity(trx, {
          id,
          fiscal_code: input.fiscalCode,
          name: input.name,
          sector: input.sector ?? null,
          info: input.info ?? null,
          cbill: input.cbill ?? null,
          segregation_code: input.segregationCode,
          broker_id: input.brokerId!,
          station_id: input.stationId!,
          postal_account: input.postalAccount ?? null,
          ibans: input.ibans,
          logo: input.logo?.data ?? null,
          logo_media_type: input.logo?.mediaType ?? null,
          notice_language: input.noticeLanguage as Entity['noticeLanguage'],
          postal_authorization: input.postalAuthorization ?? null,
          payable_after_due: input.payableAfterDue ?? true,
        });
        const { logo: _logo, ...audited } = input;
        await recordAudit(trx, actor, {
          entityId: id,
          action: 'entity.create',
          subjectType: 'entity',
          subjectId: id,
          after: { ...audited, hasLogo: Boolean(input.logo) },
        });
      });
      return (await findEntityById(db, id))!;
    },
    list: () => listEntities(db),
    byFiscalCode: (fiscalCode: string) => findEntityByFiscalCode(db, fiscalCode),
    byId: (id: string) => findEntityById(db, id),
    /** The entity's logo (PNG, JPEG or SVG bytes), or undefined when it has none. */
    getLogo: (entity: Pick<Entity, 'id' | 'hasLogo'>) =>
      entity.hasLogo ? findEntityLogo(db, entity.id) : Promise.resolve(undefined),
    /** Like byFiscalCode but throws NOT_FOUND. */
    async require(fiscalCode: string): Promise<Entity> {
      const entity = await findEntityByFiscalCode(db, fiscalCode);
      if (!entity) throw new AppError('NOT_FOUND', `No entity with fiscal code ${fiscalCode}`);
      return entity;
    },
    /** Reserves `count` notice-number bases in a transaction of their own, so they are never reused. */
    reserveNoticeBases: (entityId: string, count: number) => reserveNoticeBases(db, entityId, count),
  };
}
