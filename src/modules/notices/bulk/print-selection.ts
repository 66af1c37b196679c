// What a print run prints: a list of IUPDs, every position in one status, or every position. The
// CLI and the API both end up here; the checks that refuse a run before anything is written (unknown
// or repeated IUPDs, too many for a ZIP) are the same for both.
import { type AppError, type FieldProblem, invalid } from '../../../shared/errors.ts';
import type { Entity } from '../../entities/entity.ts';
import type { Position, PositionStatus } from '../../positions/position.ts';
import type { PositionsService } from '../../positions/positions.service.ts';

/** Statuses a run can select: the ones whose notices can still be paid. */
export const PRINT_STATUSES = ['VALID', 'PUBLISHED', 'PARTIALLY_PAID'] as const;
export type PrintStatus = (typeof PRINT_STATUSES)[number];

export type PrintSelection = { iupds: string[] } | { status: PrintStatus } | { all: true };

export const PRINT_FORMATS = ['pdf', 'zip'] as const;
export type PrintFormat = (typeof PRINT_FORMATS)[number];

/** Largest IUPD list one run accepts. */
export const MAX_IUPDS = 100_000;
/** fflate writes no ZIP64 records: a ZIP holds at most 65 535 entries. */
export const MAX_ZIP_ENTRIES = 65_535;
/** Problems listed one by one before the rest are summed up, so an error stays readable. */
const LISTED = 100;

/** Positions read together, and what was asked for but is gone (deleted since the run was checked). */
export interface PrintBatch {
  positions: Position[];
  missing: string[];
}

/** How a selection reads in a summary or an audit record (never the whole IUPD list). */
export function describeSelection(selection: PrintSelection) {
  if ('iupds' in selection) return { kind: 'iupds' as const, count: selection.iupds.length };
  if ('status' in selection) return { kind: 'status' as const, status: selection.status };
  return { kind: 'all' as const };
}

/**
 * An IUPD list file: one IUPD per line, surrounding spaces and blank lines ignored. Every IUPD given
 * twice is a problem (naming both lines), because a print shop would print that notice twice.
 */
export function parseIupdList(text: string): { iupds: string[]; problems: FieldProblem[] } {
  const iupds: string[] = [];
  const lineOf = new Map<string, number>();
  const problems: FieldProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const iupd = raw.replace(/^\uFEFF/, '').trim();
    if (iupd === '') return;
    const first = lineOf.get(iupd);
    if (first !== undefined) {
      problems.push({ path: `line ${i + 1}`, message: `${iupd} is already on line ${first}` });
      return;
    }
    lineOf.set(iupd, i + 1);
    iupds.push(iupd);
  });
  if (iupds.length === 0 && problems.length === 0) problems.push({ path: 'file', message: 'lists no IUPD' });
  if (iupds.length > MAX_IUPDS) problems.push({ path: 'file', message: `lists more than ${MAX_IUPDS} IUPDs` });
  return { iupds, problems };
}

function refuse(problems: FieldProblem[], detail: string): AppError {
  const listed = problems.slice(0, LISTED);
  if (problems.length > LISTED) listed.push({ path: 'iupds', message: `… and ${problems.length - LISTED} more` });
  return invalid(listed, detail);
}

/**
 * Checks a selection against the database and counts what it covers. Refuses (400, nothing
 * written) repeated IUPDs, IUPDs the entity does not have, and a ZIP over its entry limit.
 */
export async function checkSelection(
  positions: Pick<PositionsService, 'count' | 'unknownIupds'>,
  entity: Entity,
  selection: PrintSelection,
  format: PrintFormat,
): Promise<{ total: number }> {
  let total: number;
  if ('iupds' in selection) {
    const index = new Map<string, number>();
    const repeated: FieldProblem[] = [];
    selection.iupds.forEach((iupd, i) => {
      const first = index.get(iupd);
      if (first === undefined) index.set(iupd, i);
      else repeated.push({ path: `iupds[${i}]`, message: `${iupd} is already iupds[${first}]` });
    });
    // Repeated and unknown IUPDs are reported together, in list order.
    const unknown = await positions.unknownIupds(entity, [...index.keys()]);
    const missing = unknown.map((iupd) => ({
      path: `iupds[${index.get(iupd)}]`,
      message: `no debt position with iupd ${iupd}`,
    }));
    if (repeated.length > 0 || missing.length > 0) {
      const order = (p: FieldProblem) => Number(p.path.slice(6, -1));
      const detail = [
        repeated.length > 0 ? 'The same IUPD is listed more than once' : '',
        missing.length > 0 ? `${unknown.length} of the IUPDs are not debt positions of the entity` : '',
      ];
      const text = `${detail.filter(Boolean).join('; ')}; nothing was printed`;
      throw refuse(
        [...repeated, ...missing].sort((a, b) => order(a) - order(b)),
        text,
      );
    }
    total = selection.iupds.length;
  } else {
    total = await positions.count(entity, statusesOf(selection));
  }
  if (format === 'zip' && total > MAX_ZIP_ENTRIES) {
    throw invalid([
      {
        path: 'format',
        message: `a ZIP holds at most ${MAX_ZIP_ENTRIES} notices and the selection has ${total}: print a PDF or select fewer`,
      },
    ]);
  }
  return { total };
}

function statusesOf(selection: { status: PrintStatus } | { all: true }): PositionStatus[] | undefined {
  return 'status' in selection ? [selection.status] : undefined;
}

/** The positions of a selection, read in batches of `size`, in iupd order (or the list's order). */
export async function* selectionBatches(
  positions: Pick<PositionsService, 'batches' | 'batchesByIupds'>,
  entity: Entity,
  selection: PrintSelection,
  size = 200,
): AsyncGenerator<PrintBatch> {
  if ('iupds' in selection) {
    for await (const batch of positions.batchesByIupds(entity, selection.iupds, size)) {
      const found = new Set(batch.positions.map((p) => p.iupd));
      yield { positions: batch.positions, missing: batch.iupds.filter((iupd) => !found.has(iupd)) };
    }
    return;
  }
  for await (const batch of positions.batches(entity, statusesOf(selection), size)) {
    yield { positions: batch, missing: [] };
  }
}

/** Exactly one of iupds, status, all: the selection as stored and run, or a 400 naming the problem. */
export function selectionFrom(request: { iupds?: string[]; status?: PrintStatus; all?: boolean }): PrintSelection {
  const given = [request.iupds !== undefined, request.status !== undefined, request.all !== undefined];
  if (given.filter(Boolean).length !== 1) {
    throw invalid([{ path: 'body', message: 'give exactly one of iupds, status, all' }]);
  }
  if (request.iupds) return { iupds: request.iupds };
  if (request.status) return { status: request.status };
  if (request.all !== true) throw invalid([{ path: 'all', message: 'must be true' }]);
  return { all: true };
}
