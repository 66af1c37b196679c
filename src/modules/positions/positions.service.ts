// Use cases for debt positions: create, replace, delete, read and list. Status changes (publish,
// invalidate, payment, time-driven) are in positions.lifecycle.ts. Entry points (HTTP, CLI, import)
// call these; none of them touches SQL.
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { contentHash } from '../../shared/canonical-json.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, type FieldProblem, invalid, notFound } from '../../shared/errors.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { fromGpdPosition, type GpdPosition } from './gpd-v3.mapper.ts';
import { type NoticeNumberSupply, reserveNoticeNumbers } from './notice-numbers.ts';
import { type Position, type PositionInput, UPDATABLE_STATUSES } from './position.ts';
import { checkPositionRules } from './position-rules.ts';
import {
  buildRows,
  deletePosition,
  findPositionId,
  insertRows,
  loadPositions,
  lockAndLoad,
  replaceRows,
  takenIuvs,
} from './positions.db.ts';
import { publishInTransaction } from './positions.lifecycle.ts';
import { type ListFilters, listPositionIds } from './positions.list.ts';

export interface PositionsDeps {
  db: Kysely<Schema>;
  clock: Clock;
  entities: Pick<EntitiesService, 'reserveNoticeBases'>;
}

export type PositionsService = ReturnType<typeof positionsService>;

/** Converts and checks a GPD body; throws VALIDATION_FAILED listing every problem. */
export function preparePosition(
  entity: Entity,
  body: GpdPosition,
  now: Date,
  mode: 'create' | 'update',
): PositionInput {
  const { input, problems } = fromGpdPosition(body);
  const all = [...problems, ...checkPositionRules(input, { entity, now, mode })];
  if (all.length > 0) throw invalid(all);
  return input;
}

/** What makes two submissions of a position "the same" for idempotent imports. */
export function positionHash(input: PositionInput): string {
  return contentHash(input);
}

/** The IUVs a back office supplied in the input (explicitly or through the nav). */
export function suppliedIuvs(input: PositionInput): Map<string, string> {
  const map = new Map<string, string>();
  input.options.forEach((o, oi) => {
    o.installments.forEach((inst, ii) => {
      const iuv = inst.iuv ?? inst.nav?.slice(1);
      if (iuv) map.set(iuv, `paymentOption[${oi}].installments[${ii}].${inst.nav ? 'nav' : 'iuv'}`);
    });
  });
  return map;
}

/** Fills the notice number of every instalment: supplied, kept from `previous`, or newly allocated. */
export function assignNavs(input: PositionInput, fresh: NoticeNumberSupply, previous?: Position): string[][] {
  return input.options.map((option, o) =>
    option.installments.map((inst, i) => {
      if (inst.nav) return inst.nav;
      if (inst.iuv) return `3${inst.iuv}`;
      const kept = previous?.options[o]?.installments[i]?.nav;
      return kept ?? fresh.next();
    }),
  );
}

export function missingNavs(input: PositionInput): number {
  return input.options.reduce((n, o) => n + o.installments.filter((i) => !i.nav && !i.iuv).length, 0);
}

/** Snapshot of an input for the audit log, with the notice numbers it received. */
export function inputSnapshot(input: PositionInput, navs: string[][], status: string) {
  return {
    ...input,
    status,
    options: input.options.map((o, oi) => ({
      ...o,
      installments: o.installments.map((inst, ii) => ({ ...inst, nav: navs[oi]![ii]! })),
    })),
  };
}

/** Replaces a locked, updatable position inside the caller's transaction (API update and upsert import). */
export async function replaceInTransaction(
  trx: Kysely<Schema>,
  p: {
    entity: Entity;
    previous: Position;
    input: PositionInput;
    fresh: NoticeNumberSupply;
    now: Date;
    actor: Actor;
    toPublish: boolean;
  },
): Promise<void> {
  const { entity, previous, input, now, actor } = p;
  const navs = assignNavs(input, p.fresh, previous);
  const rows = buildRows(input, {
    id: previous.id,
    entityId: entity.id,
    status: 'DRAFT',
    now,
    navs,
    contentHash: positionHash(input),
  });
  if (!(await replaceRows(trx, rows, previous.version))) {
    throw new AppError('POSITION_NOT_UPDATABLE', 'The debt position changed meanwhile; retry');
  }
  await recordAudit(trx, actor, {
    entityId: entity.id,
    action: 'position.update',
    subjectType: 'position',
    subjectId: previous.id,
    before: previous,
    after: inputSnapshot(input, navs, 'DRAFT'),
  });
  if (p.toPublish) {
    const [updated] = await loadPositions(trx, [previous.id]);
    await publishInTransaction(trx, updated!, now, actor);
  }
}

export function positionsService(deps: PositionsDeps) {
  const { db, clock } = deps;

  async function assertIuvsFree(trx: Kysely<Schema>, entity: Entity, input: PositionInput, ownPositionId?: string) {
    const supplied = suppliedIuvs(input);
    const taken = await takenIuvs(trx, entity.id, [...supplied.keys()]);
    const problems: FieldProblem[] = [];
    for (const [iuv, holder] of taken) {
      if (holder !== ownPositionId)
        problems.push({ path: supplied.get(iuv)!, message: 'is already used by another debt position' });
    }
    if (problems.length > 0) throw new AppError('NOTICE_NUMBER_TAKEN', 'A notice number is already in use', problems);
  }

  return {
    /** Creates a position in DRAFT (or published with toPublish); 409 when the iupd or a nav is taken. */
    async create(entity: Entity, body: GpdPosition, opts: { toPublish: boolean }, actor: Actor): Promise<Position> {
      const now = clock.now();
      const input = preparePosition(entity, body, now, 'create');
      const fresh = await reserveNoticeNumbers(deps, entity, missingNavs(input), new Set(suppliedIuvs(input).keys()));
      const navs = assignNavs(input, fresh);
      const id = uuidv7(now.getTime());
      await withUniqueErrors(() =>
        db.transaction().execute(async (trx) => {
          if (await findPositionId(trx, entity.id, input.iupd)) {
            throw new AppError('POSITION_EXISTS', `A debt position with iupd ${input.iupd} already exists`);
          }
          await assertIuvsFree(trx, entity, input);
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
            after: inputSnapshot(input, navs, 'DRAFT'),
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
      const now = clock.now();
      if (body.iupd !== iupd) throw invalid([{ path: 'iupd', message: `must equal the iupd in the path (${iupd})` }]);
      const input = preparePosition(entity, body, now, 'update');
      const fresh = await reserveNoticeNumbers(deps, entity, missingNavs(input), new Set(suppliedIuvs(input).keys()));
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
          await assertIuvsFree(trx, entity, input, previous.id);
          await replaceInTransaction(trx, { entity, previous, input, fresh, now, actor, toPublish: opts.toPublish });
          return previous.id;
        }),
      );
      return (await loadPositions(db, [id]))[0]!;
    },

    /** Deletes a position that has no payment; 409 POSITION_HAS_PAYMENTS otherwise. */
    async remove(entity: Entity, iupd: string, actor: Actor): Promise<void> {
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

    async get(entity: Entity, iupd: string): Promise<Position> {
      const id = await findPositionId(db, entity.id, iupd);
      const [position] = id ? await loadPositions(db, [id]) : [];
      if (!position) throw notFound();
      return position;
    },

    /** One page of the entity's positions, filtered and ordered as GPD does. */
    async list(entity: Entity, filters: ListFilters): Promise<{ positions: Position[]; total: number }> {
      const { ids, total } = await listPositionIds(db, entity.id, filters);
      return { positions: await loadPositions(db, ids), total };
    },
  };
}

/** Turns a unique-index violation that slipped past the checks (a race) into the matching 409. */
export async function withUniqueErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { code?: string; constraint?: string; detail?: string; message?: string };
    if (e.code !== '23505') throw error;
    const where = `${e.constraint ?? ''} ${e.detail ?? ''} ${e.message ?? ''}`;
    if (where.includes('iupd')) throw new AppError('POSITION_EXISTS', 'A debt position with this iupd already exists');
    if (where.includes('nav') || where.includes('iuv')) {
      throw new AppError('NOTICE_NUMBER_TAKEN', 'A notice number is already in use');
    }
    throw error;
  }
}
