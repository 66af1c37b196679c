// Use cases of the catalogue of spontaneous payments: the back office creates, updates and retires
// services (API and CLI); a signed-in citizen requests one, which makes a published debt position
// with a notice in their name. Every change is audited in its own transaction.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays, todayInRome } from '../../shared/dates.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Cents } from '../../shared/money.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import type { GpdPosition } from '../positions/gpd-v3.mapper.ts';
import type { Position } from '../positions/position.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import {
  findRequest,
  findService,
  insertRequest,
  insertService,
  listServices,
  requestCounts,
  type ServiceRequest,
  saveService,
} from './catalogue.db.ts';
import {
  type CatalogueService,
  checkServiceDefinition,
  normalizeDefinition,
  remittanceOf,
  type ServiceDefinition,
} from './service.ts';

export interface CatalogueDeps {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'create' | 'get'>;
}

/** A service as the back office sees it: with how many positions were made from it. */
export type ListedService = CatalogueService & { requests: number };

/** What the citizen asked for: the checked answers and the amount. */
export interface ServiceAnswers {
  values: Record<string, string>;
  readable: Record<string, string>;
  amountCents: Cents;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The iupd of the position made for a request: derived from the form's key, so a resubmission finds it. */
export const requestIupd = (requestKey: string) => `SRV-${requestKey}`;
export const isRequestKey = (text: unknown): text is string => typeof text === 'string' && UUID.test(text);

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

  async function existing(entity: Entity, iupd: string): Promise<Position | undefined> {
    try {
      return await deps.positions.get(entity, iupd);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async function require(trx: Kysely<Schema>, entity: Entity, id: string, lock = false) {
    const service = UUID.test(id) ? await findService(trx, entity.id, id, lock) : undefined;
    if (!service) throw notFound();
    return service;
  }

  return {
    async create(entity: Entity, def: ServiceDefinition, actor: Actor): Promise<ListedService> {
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
      return (await withCounts([await require(db, entity, id)]))[0]!;
    },

    /**
     * Replaces the definition (the version goes up). Positions already made keep what they were made
     * with; a retired service stays retired.
     */
    async update(entity: Entity, id: string, def: ServiceDefinition, actor: Actor): Promise<ListedService> {
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
      return (await withCounts([updated]))[0]!;
    },

    /** Takes the service off the portal; it is kept (positions were made from it). Retiring twice changes nothing. */
    async retire(entity: Entity, id: string, actor: Actor): Promise<ListedService> {
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
      return (await withCounts([retired]))[0]!;
    },

    /** The services the portal offers (not retired). */
    offered: (entity: Entity) => listServices(db, entity.id, false),

    /** One service the portal offers; undefined when retired, unknown or another entity's. */
    async offeredOne(entity: Entity, id: string): Promise<CatalogueService | undefined> {
      const service = UUID.test(id) ? await findService(db, entity.id, id) : undefined;
      return service && !service.retiredAt ? service : undefined;
    },

    /**
     * Makes the citizen's position for a request: published at once, one payment option, due
     * `dueInDays` from today and still payable after. The same request key twice gives the same
     * position (the iupd comes from the key); a key already used by someone else is a 404.
     */
    async request(
      entity: Entity,
      service: CatalogueService,
      citizen: { fiscalCode: string; fullName?: string | null },
      requestKey: string,
      answers: ServiceAnswers,
      actor: Actor,
    ): Promise<{ position: Position; created: boolean }> {
      if (!isRequestKey(requestKey)) throw notFound();
      const iupd = requestIupd(requestKey);
      const now = clock.now();
      // A form sent again finds its position without reserving another notice number; two sent at
      // once are told apart by the database (unique iupd), and the second finds the first's.
      let position = await existing(entity, iupd);
      let created = position === undefined;
      if (!position) {
        try {
          await deps.positions.create(
            entity,
            positionBody(entity, service, citizen, iupd, answers, now),
            { toPublish: true },
            actor,
          );
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'POSITION_EXISTS')) throw error;
          created = false;
        }
        position = await deps.positions.get(entity, iupd);
      }
      // The key must have made this citizen's position for this service: anything else is not theirs.
      const debtor = position.options[0]?.debtor.fiscalCode.toUpperCase();
      const madeFrom = position.options[0]?.installments[0]?.transfers[0]?.metadata.find(
        (m) => m.key === 'cassaService',
      );
      if (debtor !== citizen.fiscalCode.toUpperCase() || madeFrom?.value !== service.id) throw notFound();
      const row: ServiceRequest = {
        id: uuidv7(now.getTime()),
        entityId: entity.id,
        serviceId: service.id,
        serviceVersion: service.version,
        requestKey,
        debtorFiscalCode: citizen.fiscalCode.toUpperCase(),
        iupd,
        amountCents: position.options[0]!.installments[0]!.amountCents,
        answers: answers.values,
        createdAt: now,
      };
      // Written after the position (its service does its own transaction). A crash in between
      // leaves a position without its request row; the citizen's retry finds the position and adds it.
      await db.transaction().execute(async (trx) => {
        if (await insertRequest(trx, row)) {
          await recordAudit(trx, actor, {
            entityId: entity.id,
            action: 'service.request',
            subjectType: 'service_request',
            subjectId: row.id,
            after: row,
          });
        }
      });
      return { position, created };
    },

    /** The request made with this key, when it is this citizen's. */
    async requestOf(entity: Entity, requestKey: string, fiscalCode: string): Promise<ServiceRequest | undefined> {
      if (!isRequestKey(requestKey)) return undefined;
      const found = await findRequest(db, entity.id, requestKey);
      return found && found.debtorFiscalCode === fiscalCode.toUpperCase() ? found : undefined;
    },
  };
}

/** The GPD body of the position a request makes. */
function positionBody(
  entity: Entity,
  service: CatalogueService,
  citizen: { fiscalCode: string; fullName?: string | null },
  iupd: string,
  answers: ServiceAnswers,
  now: Date,
): GpdPosition {
  const fiscalCode = citizen.fiscalCode.toUpperCase();
  const { accounting } = service;
  return {
    iupd,
    companyName: entity.name.slice(0, 140),
    paymentOption: [
      {
        debtor: {
          type: /^\d{11}$/.test(fiscalCode) ? 'G' : 'F',
          fiscalCode,
          fullName: (citizen.fullName?.trim() || fiscalCode).slice(0, 70),
        },
        switchToExpired: false,
        installments: [
          {
            amount: answers.amountCents,
            description: service.title,
            dueDate: addDays(todayInRome(now), service.dueInDays),
            installmentMetadata: Object.entries(answers.values).map(([key, value]) => ({ key, value })),
            transfer: [
              {
                idTransfer: '1',
                amount: answers.amountCents,
                remittanceInformation: remittanceOf(accounting.remittance, answers.readable, service.title),
                category: accounting.category,
                iban: accounting.iban,
                ...(accounting.postalIban !== undefined && { postalIban: accounting.postalIban }),
                transferMetadata: [
                  { key: 'cassaService', value: service.id },
                  { key: 'cassaServiceVersion', value: String(service.version) },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
