// Use cases for creditor bodies. Used by the CLI, the demo seed and the other modules.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { authorize, EVERY_ENTITY } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import {
  findEntityByFiscalCode,
  findEntityById,
  findEntityLogo,
  insertEntity,
  listEntities,
  lockEntityByFiscalCode,
  reserveNoticeBases,
  setEntityDeactivated,
  updateEntity,
} from './entities.db.ts';
import {
  applyEntityChanges,
  type Entity,
  type EntityChanges,
  type EntityInput,
  normalizeEntityInput,
  validateEntityInput,
} from './entity.ts';

// The fields an update may change, as the audit record shows them.
const CHANGEABLE = [
  'name',
  'sector',
  'info',
  'cbill',
  'brokerId',
  'stationId',
  'postalAccount',
  'ibans',
  'noticeLanguage',
  'postalAuthorization',
  'payableAfterDue',
] as const;

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export type EntitiesService = ReturnType<typeof entitiesService>;

export function entitiesService(deps: { db: Kysely<Schema> }) {
  const { db } = deps;
  return {
    /** Creates an entity after validating every field; 409 ENTITY_EXISTS when the fiscal code is taken. */
    async create(rawInput: EntityInput, actor: Actor): Promise<Entity> {
      // A new entity is no one's yet: only a principal with settings at every entity makes one.
      authorize(actor.principal, { entityId: EVERY_ENTITY, area: 'settings', access: 'write' });
      const input = normalizeEntityInput(rawInput);
      const problems = validateEntityInput(input);
      if (problems.length > 0) throw invalid(problems);
      const id = uuidv7();
      const exists = () =>
        new AppError('ENTITY_EXISTS', `An entity with fiscal code ${input.fiscalCode} already exists`);
      await db
        .transaction()
        .execute(async (trx) => {
          if (await findEntityByFiscalCode(trx, input.fiscalCode)) throw exists();
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
        })
        // Two creations of the same fiscal code at once: the unique index refuses the second.
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? exists() : error;
        });
      return (await findEntityById(db, id))!;
    },
    /**
     * Changes some fields (EntityChanges); the result is validated like a new entity, every problem
     * listed. Only changed fields are written to the audit record; no change, no record.
     */
    async update(fiscalCode: string, changes: EntityChanges, actor: Actor): Promise<Entity> {
      return db.transaction().execute(async (trx) => {
        const entity = await lockEntityByFiscalCode(trx, fiscalCode);
        if (!entity) throw new AppError('NOT_FOUND', `No entity with fiscal code ${fiscalCode}`);
        authorize(actor.principal, { entityId: entity.id, area: 'settings', access: 'write' });
        const input = normalizeEntityInput(applyEntityChanges(entity, changes));
        const problems = validateEntityInput(input);
        if (problems.length > 0) throw invalid(problems);
        const next = {
          name: input.name,
          sector: input.sector ?? null,
          info: input.info ?? null,
          cbill: input.cbill ?? null,
          brokerId: input.brokerId!,
          stationId: input.stationId!,
          postalAccount: input.postalAccount ?? null,
          ibans: input.ibans,
          noticeLanguage: input.noticeLanguage as Entity['noticeLanguage'],
          postalAuthorization: input.postalAuthorization ?? null,
          payableAfterDue: input.payableAfterDue ?? true,
        };
        const changed = CHANGEABLE.filter((k) => JSON.stringify(entity[k]) !== JSON.stringify(next[k]));
        if (changed.length === 0) return entity;
        await updateEntity(trx, entity.id, {
          name: next.name,
          sector: next.sector,
          info: next.info,
          cbill: next.cbill,
          broker_id: next.brokerId,
          station_id: next.stationId,
          postal_account: next.postalAccount,
          ibans: next.ibans,
          notice_language: next.noticeLanguage,
          postal_authorization: next.postalAuthorization,
          payable_after_due: next.payableAfterDue,
        });
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'entity.update',
          subjectType: 'entity',
          subjectId: entity.id,
          before: Object.fromEntries(changed.map((k) => [k, entity[k]])),
          after: Object.fromEntries(changed.map((k) => [k, next[k]])),
        });
        return (await findEntityById(trx, entity.id))!;
      });
    },
    /**
     * Deactivates (active false) or reactivates an entity: while deactivated its API keys are refused
     * and no key can be created for it. Setting the state it already has changes nothing.
     */
    async setActive(fiscalCode: string, active: boolean, actor: Actor): Promise<Entity> {
      return db.transaction().execute(async (trx) => {
        const entity = await lockEntityByFiscalCode(trx, fiscalCode);
        if (!entity) throw new AppError('NOT_FOUND', `No entity with fiscal code ${fiscalCode}`);
        authorize(actor.principal, { entityId: entity.id, area: 'settings', access: 'write' });
        if ((entity.deactivatedAt === null) === active) return entity;
        await setEntityDeactivated(trx, entity.id, active ? null : new Date());
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: active ? 'entity.reactivate' : 'entity.deactivate',
          subjectType: 'entity',
          subjectId: entity.id,
          before: { active: !active },
          after: { active },
        });
        return (await findEntityById(trx, entity.id))!;
      });
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
