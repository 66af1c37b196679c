// The pieces every write of a position shares — the API (create, update), the bulk import and the
// payments to come: reading and checking the input, notice numbers, snapshots for the audit log.

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import { AppError, type FieldProblem, invalid } from '../../shared/errors.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { EntitiesService } from '../entities/entities.service.ts';
import type { Entity } from '../entities/entity.ts';
import { fromGpdPosition, type GpdPosition } from './gpd-v3.mapper.ts';
import { type NoticeNumberPool, noticeNumberPool } from './notice-numbers.ts';
import type { Position, PositionInput } from './position.ts';
import { buildRows, type PositionRows } from './position-rows.ts';
import { checkPositionRules } from './position-rules.ts';
import { loadPositions, navsInRange, replaceRows } from './positions.db.ts';
import { publishInTransaction } from './positions.lifecycle.ts';

/** Converts and checks a GPD body; every problem it has, none when Cassa can accept it. */
export function positionProblems(
  entity: Entity,
  body: GpdPosition,
  now: Date,
  mode: 'create' | 'update',
  pathIupd?: string,
): { input: PositionInput; problems: FieldProblem[] } {
  const { input, problems } = fromGpdPosition(body);
  if (pathIupd !== undefined && body.iupd !== pathIupd) {
    problems.push({ path: 'iupd', message: `must equal the iupd in the path (${pathIupd})` });
  }
  // A field the mapper could not read (a dueDate that is no date) is reported once, not also judged by the rules.
  const unreadable = new Set(problems.map((p) => p.path));
  const rules = checkPositionRules(input, { entity, now, mode }).filter((p) => !unreadable.has(p.path));
  return { input, problems: [...problems, ...rules] };
}

/** Converts and checks a GPD body; throws VALIDATION_FAILED listing every problem. */
export function preparePosition(
  entity: Entity,
  body: GpdPosition,
  now: Date,
  mode: 'create' | 'update',
  pathIupd?: string,
): PositionInput {
  const { input, problems } = positionProblems(entity, body, now, mode, pathIupd);
  if (problems.length > 0) throw invalid(problems);
  return input;
}

/**
 * What makes two submissions of a position "the same" for idempotent imports. The mapper builds every
 * object of a PositionInput in a fixed key order, so plain JSON is already canonical.
 */
export function positionHash(input: PositionInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/** The notice numbers a back office supplied in the input (as nav, or as an aux-3 IUV), by field path. */
export function suppliedNavs(input: PositionInput): Map<string, string> {
  const map = new Map<string, string>();
  input.options.forEach((o, oi) => {
    o.installments.forEach((inst, ii) => {
      const nav = inst.nav ?? (inst.iuv ? `3${inst.iuv}` : undefined);
      if (nav) map.set(nav, `paymentOption[${oi}].installments[${ii}].${inst.nav ? 'nav' : 'iuv'}`);
    });
  });
  return map;
}

/** Fills the notice number of every instalment: supplied, kept from `previous`, or new from the pool. */
export async function assignNavs(
  input: PositionInput,
  pool: NoticeNumberPool,
  previous?: Position,
): Promise<string[][]> {
  const navs: string[][] = [];
  for (const [o, option] of input.options.entries()) {
    const row: string[] = [];
    for (const [i, inst] of option.installments.entries()) {
      const kept = previous?.options[o]?.installments[i]?.nav;
      row.push(inst.nav ?? (inst.iuv ? `3${inst.iuv}` : (kept ?? (await pool.next()))));
    }
    navs.push(row);
  }
  return navs;
}

/**
 * The entity's pool of new notice numbers. The counter is bumped on the connection pool (its own
 * autocommit transaction), so numbers handed out are never reused even if the caller rolls back.
 */
export function entityPool(
  deps: { entities: Pick<EntitiesService, 'reserveNoticeBases'> },
  entity: Entity,
  lookupDb: Kysely<Schema>,
  exclude?: { has(nav: string): boolean },
): NoticeNumberPool {
  return noticeNumberPool({
    entity,
    reserve: (count) => deps.entities.reserveNoticeBases(entity.id, count),
    inUse: (lo, hi) => navsInRange(lookupDb, entity.id, lo, hi),
    ...(exclude && { exclude }),
  });
}

export function missingNavs(input: PositionInput): number {
  return input.options.reduce((n, o) => n + o.installments.filter((i) => !i.nav && !i.iuv).length, 0);
}

/**
 * What the audit log keeps of a creation: the identity, status and notice numbers. The content itself
 * is the row; an update or a deletion later records the full content as its `before`.
 */
export function createdSnapshot(input: PositionInput, navs: string[][], status: string, hash: string) {
  return { iupd: input.iupd, status, navs: navs.flat(), contentHash: hash };
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
    pool: NoticeNumberPool;
    now: Date;
    actor: Actor;
    toPublish: boolean;
  },
): Promise<void> {
  const { entity, previous, input, now, actor } = p;
  const navs = await assignNavs(input, p.pool, previous);
  const rows = buildRows(input, {
    id: previous.id,
    entityId: entity.id,
    status: 'DRAFT',
    now,
    navs,
    contentHash: positionHash(input),
  });
  keepIdentity(rows, previous);
  if (!(await withKeptEvidence(() => replaceRows(trx, rows, previous.version)))) {
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

/**
 * An instalment is its notice number: the row of a notice an update keeps stays the same row (same
 * id, same insertion time), so receipts, payment attempts and anything else that names it by id
 * still do, even when they read that id just before the update.
 */
export function keepIdentity(rows: PositionRows, previous: Position): void {
  const byNav = new Map(previous.options.flatMap((o) => o.installments).map((i) => [i.nav, i]));
  for (const row of rows.installments) {
    const same = byNav.get(row.nav);
    if (same) {
      row.id = same.id;
      row.inserted_at = same.insertedAt;
    }
  }
}

/** An update that drops a notice some payment evidence names (a receipt, a payment attempt) is refused. */
async function withKeptEvidence<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if ((error as { code?: string }).code !== '23503') throw error;
    throw new AppError(
      'POSITION_NOT_UPDATABLE',
      'A notice this update removes has a receipt or a payment attempt: keep its notice number',
    );
  }
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
