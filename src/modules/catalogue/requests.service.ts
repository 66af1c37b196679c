// A signed-in citizen's request of a catalogue service: it makes a published debt position with a
// notice in their name, once per form (the form's key gives the iupd), and records the request.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays, todayInRome } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../shared/ids.ts';
import type { Cents } from '../../shared/money.ts';
import { EVERY_SERVICE, withGrant } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Entity } from '../entities/entity.ts';
import type { GpdPosition } from '../positions/gpd-v3.mapper.ts';
import type { Position } from '../positions/position.ts';
import type { PositionsService } from '../positions/positions.service.ts';
import { findRequest, insertRequest, type ServiceRequest } from './catalogue.db.ts';
import { type CatalogueService, remittanceOf } from './service.ts';

export interface RequestsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'create' | 'find' | 'get'>;
}

/** What the citizen asked for: the checked answers and the amount. */
export interface ServiceAnswers {
  values: Record<string, string>;
  readable: Record<string, string>;
  amountCents: Cents;
}

type Citizen = { fiscalCode: string; fullName?: string | null };

/** The iupd of the position made for a request: derived from the form's key, so a resubmission finds it. */
export const requestIupd = (requestKey: string) => `SRV-${requestKey}`;
export const isRequestKey = (text: unknown): text is string => typeof text === 'string' && isUuid(text);

/**
 * A citizen holds no grant at the entity (ADR 0031): the position of a service they ask for is made
 * by the catalogue for the entity, so the citizen is lent positions:write there for that one call.
 * The audit record still names the citizen.
 */
const onEntitysBehalf = (actor: Actor, entity: Entity): Actor => ({
  ...actor,
  principal: withGrant(actor.principal, {
    entityId: entity.id,
    services: EVERY_SERVICE,
    area: 'positions',
    access: 'write',
  }),
});

export function requestsService(deps: RequestsDeps) {
  const { db, clock } = deps;

  const existing = (entity: Entity, iupd: string) => deps.positions.find(entity, iupd);

  /** The request made with this key, when it is this citizen's. */
  async function requestOf(
    entity: Entity,
    requestKey: string,
    fiscalCode: string,
  ): Promise<ServiceRequest | undefined> {
    if (!isRequestKey(requestKey)) return undefined;
    const found = await findRequest(db, entity.id, requestKey);
    return found && found.debtorFiscalCode === fiscalCode.toUpperCase() ? found : undefined;
  }

  return {
    /**
     * Makes the citizen's position for a request: published at once, one payment option, due
     * `dueInDays` from today and still payable after. The same request key twice gives the same
     * position (the iupd comes from the key); a key already used by someone else is a 404.
     */
    async request(
      entity: Entity,
      service: CatalogueService,
      citizen: Citizen,
      requestKey: string,
      answers: ServiceAnswers,
      actor: Actor,
    ): Promise<{ position: Position; created: boolean }> {
      if (!isRequestKey(requestKey)) throw notFound();
      const iupd = requestIupd(requestKey);
      const fiscalCode = citizen.fiscalCode.toUpperCase();
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
            onEntitysBehalf(actor, entity),
          );
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'POSITION_EXISTS')) throw error;
          created = false;
        }
        position = await deps.positions.get(entity, iupd);
      }
      // The key must have made this citizen's position for this service: anything else is not theirs.
      const option = position.options[0];
      const installment = option?.installments[0];
      const madeFrom = installment?.transfers[0]?.metadata.find((m) => m.key === 'cassaService');
      if (option?.debtor.fiscalCode.toUpperCase() !== fiscalCode || madeFrom?.value !== service.id) throw notFound();
      const row: ServiceRequest = {
        id: uuidv7(now.getTime()),
        entityId: entity.id,
        serviceId: service.id,
        serviceVersion: service.version,
        requestKey,
        debtorFiscalCode: fiscalCode,
        iupd,
        amountCents: installment!.amountCents,
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

    requestOf,

    /** The position this citizen's request of this service made; undefined when it is not theirs or is gone. */
    async requestedPosition(
      entity: Entity,
      serviceId: string,
      requestKey: string,
      fiscalCode: string,
    ): Promise<Position | undefined> {
      const made = await requestOf(entity, requestKey, fiscalCode);
      return made && made.serviceId === serviceId ? existing(entity, made.iupd) : undefined;
    },
  };
}

/** The GPD body of the position a request makes. */
function positionBody(
  entity: Entity,
  service: CatalogueService,
  citizen: Citizen,
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
