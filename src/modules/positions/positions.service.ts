// Use cases for debt positions: create, replace, delete, read and list. Status changes (publish,
// invalidate, payment, time-driven) are in positions.lifecycle.ts. Entry points (HTTP, CLI, import)
// call these; none of them touches SQL.

import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, type FieldProblem, notFound } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { authorize } from '../../shared/principal.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import type { GpdPosition } from './gpd-v3.mapper.ts';
import { lookupNotice } from './notice-lookup.ts';
import { type Position, type PositionInput, type PositionStatus, UPDATABLE_STATUSES } from './position.ts';
import { buildRows } from './position-rows.ts';
import {
  assignNavs,
  createdSnapshot,
  entityPool,
  missingNavs,
  positionHash,
  positionProblems,
  preparePosition,
  replaceInTransaction,
  suppliedNavs,
  withUniqueErrors,
} from './position-writes.ts';
import {
  countPositions,
  deletePosition,
  existingIupds,
  findPositionId,
  insertRows,
  loadPositions,
  lockAndLoad,
  positionIdsAfter,
  positionIdsOfDebtor,
  positionsUpdatedSince,
  takenNavs,
} from './positions.db.ts';
import { publishInTransaction } from './positions.lifecycle.ts';
import { type ListFilters, listPositionIds } from './positions.list.ts';
import { iupdsOfService } from './positions-of-service.db.ts';

export interface PositionsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  entities: Pick<EntitiesService, 'reserveNoticeBases'>;
}

export type PositionsService = ReturnType<typeof positionsService>;

export function positionsService(deps: PositionsDeps) {
  const { db, clock } = deps;

  async function assertNavsFree(trx: Kysely<Schema>, entity: Entity, input: PositionInput, ownPositionId?: string) {
    const supplied = suppliedNavs(input);
    const taken = await takenNavs(trx, entity.id, [...supplied.keys()]);
    const problems: FieldProblem[] = [];
    for (const [nav, holder] of taken) {
      if (holder !== ownPositionId)
        problems.push({ path: supplied.get(nav)!, message: 'is already used by another debt position' });
    }
    if (problems.length > 0) throw new AppError('NOTICE_NUMBER_TAKEN', 'A notice number is already in use', problems);
  }

  /** The entity's position with this iupd; undefined when there is none. */
  async function find(entity: Entity, iupd: string): Promise<Position | undefined> {
    const id = await findPositionId(db, entity.id, iupd);
    const [position] = id ? await loadPositions(db, [id]) : [];
    return position;
  }

  return {
    /**
     * An entity (by fiscal code) and its notice `nav`, in one query, for the pagoPA station;
     * undefined when no entity has that fiscal code.
     */
    lookupNotice: (entityFiscalCode: string, nav: string) => lookupNotice(db, entityFiscalCode, nav),

    /**
     * Up to `limit` positions (of every entity) updated after the keyset (`since`, `afterId`), in
     * update order, and the keyset of the last one to continue from.
     */
    async updatedSince(
      since: Date,
      afterId: string,
      limit: number,
    ): Promise<{ positions: Position[]; next: { since: Date; afterId: string } | undefined }> {
      const changed = await positionsUpdatedSince(db, since, afterId, limit);
      const last = changed.at(-1);
      return {
        positions: await loadPositions(
          db,
          changed.map((c) => c.id),
        ),
        next: last && { since: last.updatedAt, afterId: last.id },
      };
    },

    /** Every problem of a body Cassa would refuse for create or update (empty when none), writing nothing. */
    problems(entity: Entity, body: GpdPosition, mode: 'create' | 'update', pathIupd?: string): FieldProblem[] {
      return positionProblems(entity, body, clock.now(), mode, pathIupd).problems;
    },

    /** Creates a position in DRAFT (or published with toPublish); 409 when the iupd or a nav is taken. */
    async create(entity: Entity, body: GpdPosition, opts: { toPublish: boolean }, actor: Actor): Promise<Position> {
      authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'write' });
      const now = clock.now();
      const input = preparePosition(entity, body, now, 'create');
      // Numbers are reserved before the transaction, so they are never reused even if it rolls back.
      const pool = entityPool(deps, entity, db, new Set(suppliedNavs(input).keys()));
      await pool.ensure(missingNavs(input));
      const navs = await assignNavs(input, pool);
      const id = uuidv7(now.getTime());
      await withUniqueErrors(() =>
        db.transaction().execute(async (trx) => {
          if (await findPositionId(trx, entity.id, input.iupd)) {
            throw new AppError('POSITION_EXISTS', `A debt position with iupd ${input.iupd} already exists`);
          }
          await assertNavsFree(trx, entity, input);
          const rows = buildRows(input, {
            id,
            entityId: entity.id,
            status: 'DRAFT',
            now,
            navs,
            contentHash: positionHash(input),
          });
          await insertRows(trx, rows);
          await recordAudit(trx, actor, {
            entityId: entity.id,
            action: 'position.create',
            subjectType: 'position',
            subjectId: id,
            after: createdSnapshot(input, navs, 'DRAFT', rows.position.content_hash),
          });
          if (opts.toPublish) {
            const [created] = await loadPositions(trx, [id]);
            await publishInTransaction(trx, created!, now, actor);
          }
        }),
      );
      return (await loadPositions(db, [id]))[0]!;
    },

    /** Replaces a position's content (GPD PUT); it returns to DRAFT unless toPublish. */
    async update(
      entity: Entity,
      iupd: string,
      body: GpdPosition,
      opts: { toPublish: boolean },
      actor: Actor,
    ): Promise<Position> {
      authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'write' });
      const now = clock.now();
      const input = preparePosition(entity, body, now, 'update', iupd);
      const pool = entityPool(deps, entity, db, new Set(suppliedNavs(input).keys()));
      await pool.ensure(missingNavs(input));
      const id = await withUniqueErrors(() =>
        db.transaction().execute(async (trx) => {
          const previous = await lockAndLoad(trx, entity.id, iupd);
          if (!previous) throw notFound();
          if (!UPDATABLE_STATUSES.includes(previous.status)) {
            throw new AppError(
              'POSITION_NOT_UPDATABLE',
              `A debt position in status ${previous.status} cannot be updated`,
            );
          }
          await assertNavsFree(trx, entity, input, previous.id);
          await replaceInTransaction(trx, { entity, previous, input, pool, now, actor, toPublish: opts.toPublish });
          return previous.id;
        }),
      );
      return (await loadPositions(db, [id]))[0]!;
    },

    /** Deletes a position that has no payment; 409 POSITION_HAS_PAYMENTS otherwise. */
    async remove(entity: Entity, iupd: string, actor: Actor): Promise<void> {
      authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'write' });
      await db.transaction().execute(async (trx) => {
        const position = await lockAndLoad(trx, entity.id, iupd);
        if (!position) throw notFound();
        if (position.settlingOption !== null) {
          throw new AppError('POSITION_HAS_PAYMENTS', 'A debt position with a payment cannot be deleted');
        }
        await deletePosition(trx, position.id);
        await recordAudit(trx, actor, {
          entityId: entity.id,
          action: 'position.delete',
          subjectType: 'position',
          subjectId: position.id,
          before: position,
        });
      });
    },

    find,

    async get(entity: Entity, iupd: string): Promise<Position> {
      const position = await find(entity, iupd);
      if (!position) throw notFound();
      return position;
    },

    /** One page of the entity's positions, filtered and ordered as GPD does. */
    async list(entity: Entity, filters: ListFilters): Promise<{ positions: Position[]; total: number }> {
      const { ids, total } = await listPositionIds(db, entity.id, filters);
      return { positions: await loadPositions(db, ids), total };
    },

    /** Every position of the entity, in any status, with an instalment owed by this debtor (not paginated). */
    async listOfDebtor(entity: Entity, debtorFiscalCode: string): Promise<Position[]> {
      return loadPositions(db, await positionIdsOfDebtor(db, entity.id, debtorFiscalCode));
    },

    /** How many positions the entity has (only in `statuses` when given). */
    count(entity: Entity, statuses?: readonly PositionStatus[]): Promise<number> {
      return countPositions(db, entity.id, statuses);
    },

    /**
     * The entity's positions (only in `statuses` when given) in iupd order, `size` at a time. Keyset
     * pagination: memory stays flat and every page costs the same, however many there are.
     */
    async *batches(entity: Entity, statuses?: readonly PositionStatus[], size = 200): AsyncGenerator<Position[]> {
      let afterIupd: string | undefined;
      for (;;) {
        const page = await positionIdsAfter(db, entity.id, { statuses, afterIupd, limit: size });
        if (page.length === 0) return;
        afterIupd = page[page.length - 1]!.iupd;
        const ids = page.map((p) => p.id);
        yield await loadPositions(db, ids);
        if (page.length < size) return;
      }
    },

    /** The positions with these iupds, in the order given, `size` at a time; unknown ones are absent. */
    async *batchesByIupds(
      entity: Entity,
      iupds: readonly string[],
      size = 200,
    ): AsyncGenerator<{ iupds: string[]; positions: Position[] }> {
      for (let i = 0; i < iupds.length; i += size) {
        const slice = iupds.slice(i, i + size);
        const found = await existingIupds(db, entity.id, slice);
        const positions = await loadPositions(
          db,
          slice.flatMap((iupd) => found.get(iupd)?.id ?? []),
        );
        yield { iupds: slice, positions };
      }
    },

    /** The iupds of the entity's positions made from catalogue service `serviceId` (its print runs). */
    iupdsOfService: (entity: Entity, serviceId: string) => iupdsOfService(db, entity.id, serviceId),

    /** The iupds, among those given, that the entity has no position for (in the order given). */
    async unknownIupds(entity: Entity, iupds: readonly string[]): Promise<string[]> {
      const unknown: string[] = [];
      for (let i = 0; i < iupds.length; i += 1000) {
        const slice = iupds.slice(i, i + 1000);
        const found = await existingIupds(db, entity.id, slice);
        for (const iupd of slice) if (!found.has(iupd)) unknown.push(iupd);
      }
      return unknown;
    },
  };
}
