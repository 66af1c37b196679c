// Use cases of the catalogue of spontaneous payments: the back office creates, updates and retires
// services (API and CLI) and the portal reads the offered ones; the citizen's requests are in
// requests.service.ts, joined here into one catalogue. Every change is audited in its own transaction.

import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../shared/ids.ts';
import { authorize } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import { findService, insertService, listServices, requestCounts, saveService } from './catalogue.db.ts';
import { type RequestsDeps, requestsService } from './requests.service.ts';
import {
  type CatalogueService,
  checkServiceDefinition,
  normalizeDefinition,
  type ServiceDefinition,
} from './service.ts';

export type CatalogueDeps = RequestsDeps;

/** A service as the back office sees it: with how many positions were made from it. */
export type ListedService = CatalogueService & { requests: number };

export type Catalogue = ReturnType<typeof catalogueService>;

export function catalogueService(deps: CatalogueDeps) {
  const { db, clock } = deps;

  function checked(entity: Entity, def: ServiceDefinition): ServiceDefinition {
    const normalized = normalizeDefinition(def);
    const problems = checkServiceDefinition(normalized, entity);
    if (problems.length > 0) throw invalid(problems);
    return normalized;
  }

  async function withCounts(services: CatalogueService[]): Promise<ListedService[]> {
    const counts = await requestCounts(
      db,
      services.map((s) => s.id),
    );
    return services.map((s) => ({ ...s, requests: counts.get(s.id) ?? 0 }));
  }

  const withCount = async (service: CatalogueService) => (await withCounts([service]))[0]!;

  /** The entity's service with this id (retired too); undefined for an id that is not even a UUID. */
  const find = (trx: Kysely<Schema>, entity: Entity, id: string, lock = false) =>
    isUuid(id) ? findService(trx, entity.id, id, lock) : Promise.resolve(undefined);

  async function require(trx: Kysely<Schema>, entity: Entity, id: string, lock = false) {
    const service = await find(trx, entity, id, lock);
    if (!service) throw notFound();
    return service;
  }

  return {
    /** Every problem create or update would refuse the definition for (empty when none). */
    problems: (entity: Entity, def: ServiceDefinition) => checkServiceDefinition(normalizeDefinition(def), entity),

    ...requestsService(deps),

    async create(entity: Entity, def: ServiceDefinition, actor: Actor): Promise<ListedService> {
      authorize(actor.principal, { entityId: entity.id, area: 'catalogue', access: 'write' });
      const definition = checked(entity, def);
      const now = clock.now();
      const service: CatalogueService = {
        ...definition,
        id: uuidv7(now.getTime()),
        entityId: entity.id,
        version: 1,
        createdAt: now,
        updatedAt: now,
        retiredAt: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertService(trx, service);
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'service.create',
          subjectType: 'catalogue_service',
          subjectId: service.id,
          after: service,
        });
      });
      return { ...service, requests: 0 };
    },

    /** The entity's services, oldest first; retired ones only when asked. */
    async list(entity: Entity, options: { includeRetired: boolean }): Promise<ListedService[]> {
      return withCounts(await listServices(db, entity.id, options.includeRetired));
    },

    /** One service of the entity (retired too); 404 when it is not the entity's. */
    async get(entity: Entity, id: string): Promise<ListedService> {
      return withCount(await require(db, entity, id));
    },

    /**
     * Replaces the definition (the version goes up). Positions already made keep what they were made
     * with; a retired service stays retired.
     */
    async update(entity: Entity, id: string, def: ServiceDefinition, actor: Actor): Promise<ListedService> {
      authorize(actor.principal, { entityId: entity.id, area: 'catalogue', access: 'write' });
      const definition = checked(entity, def);
      const updated = await db.transaction().execute(async (trx) => {
        const before = await require(trx, entity, id, true);
        const after: CatalogueService = {
          ...definition,
          id: before.id,
          entityId: before.entityId,
          version: before.version + 1,
          createdAt: before.createdAt,
          updatedAt: clock.now(),
          retiredAt: before.retiredAt,
        };
        await saveService(trx, after);
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'service.update',
          subjectType: 'catalogue_service',
          subjectId: id,
          before,
          after,
        });
        return after;
      });
      return withCount(updated);
    },

    /** Takes the service off the portal; it is kept (positions were made from it). Retiring twice changes nothing. */
    async retire(entity: Entity, id: string, actor: Actor): Promise<ListedService> {
      authorize(actor.principal, { entityId: entity.id, area: 'catalogue', access: 'write' });
      const retired = await db.transaction().execute(async (trx) => {
        const before = await require(trx, entity, id, true);
        if (before.retiredAt) return before;
        const now = clock.now();
        const after = { ...before, retiredAt: now, updatedAt: now };
        await saveService(trx, after);
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'service.retire',
          subjectType: 'catalogue_service',
          subjectId: id,
          before: { retiredAt: null },
          after: { retiredAt: now },
        });
        return after;
      });
      return withCount(retired);
    },

    /** Offers a retired service on the portal again (as it was). Reinstating an offered one changes nothing. */
    async reinstate(entity: Entity, id: string, actor: Actor): Promise<ListedService> {
      authorize(actor.principal, { entityId: entity.id, area: 'catalogue', access: 'write' });
      const reinstated = await db.transaction().execute(async (trx) => {
        const before = await require(trx, entity, id, true);
        if (!before.retiredAt) return before;
        const after = { ...before, retiredAt: null, updatedAt: clock.now() };
        await saveService(trx, after);
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'service.reinstate',
          subjectType: 'catalogue_service',
          subjectId: id,
          before: { retiredAt: before.retiredAt },
          after: { retiredAt: null },
        });
        return after;
      });
      return withCount(reinstated);
    },

    /** The services the portal offers (not retired). */
    offered: (entity: Entity) => listServices(db, entity.id, false),

    /** One service the portal offers; undefined when retired, unknown or another entity's. */
    async offeredOne(entity: Entity, id: string): Promise<CatalogueService | undefined> {
      const service = await find(db, entity, id);
      return service && !service.retiredAt ? service : undefined;
    },
  };
}
