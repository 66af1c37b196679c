// One import, in two passes over the file. Pass 1 reads and checks every row (against the rules and
// the database) without writing; any invalid row stops the import with a report of every problem.
// Pass 2 reads the file again and writes all positions in one transaction with COPY: all or nothing.
import type { Database } from '../../../db/database.ts';
import { CsvSyntaxError, EncodingError } from '../../../shared/csv.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { type Actor, AUDIT_COPY_COLUMNS, auditCopyRow } from '../../audit/audit.ts';
import type { Entity } from '../../entities/entity.ts';
import { fromGpdPosition } from '../gpd-v3.mapper.ts';
import { type NoticeNumberDeps, reserveNoticeNumbers } from '../notice-numbers.ts';
import { isValidityReached, type PositionInput, UPDATABLE_STATUSES } from '../position.ts';
import { checkPositionRules } from '../position-rules.ts';
import {
  buildRows,
  copyValues,
  earliestValidity,
  existingIupds,
  INSTALLMENT_COPY_COLUMNS,
  lockAndLoad,
  POSITION_COPY_COLUMNS,
  takenIuvs,
} from '../positions.db.ts';
import {
  assignNavs,
  inputSnapshot,
  missingNavs,
  positionHash,
  replaceInTransaction,
  suppliedIuvs,
} from '../positions.service.ts';
import { fieldNamer, type ImportFormat, type ImportItem, readImportItems } from './import-reader.ts';
import { ImportFileError } from './sources.ts';

export interface ImportError {
  row: number;
  iupd?: string | undefined;
  field: string;
  message: string;
}

export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'error';

export interface ImportResult {
  ok: boolean;
  submitted: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  /** The first MAX_ERRORS problems. */
  errors: ImportError[];
}

export interface ImportOptions {
  entity: Entity;
  format: ImportFormat;
  /** Opens the file from the start; called once per pass. */
  open: () => AsyncIterable<Uint8Array>;
  mode: 'create' | 'upsert';
  toPublish: boolean;
  actor: Actor;
  now: Date;
  maxBytes: number;
  maxRows: number;
  onProgress?: (phase: 'check' | 'write', rows: number) => void;
  onRow?: (row: number, iupd: string | undefined, outcome: RowOutcome, problem?: ImportError) => void;
  /** Runs inside the write transaction once everything is written (records the import's outcome). */
  onCommit?: (
    db: import('kysely').Kysely<import('../../../db/schema.ts').Schema>,
    result: ImportResult,
  ) => Promise<void>;
}

export const MAX_ERRORS = 1000;
const BATCH = 1000;

interface Checked {
  row: number;
  iupd: string;
  input: PositionInput;
}

/** Runs an import; the database is changed only when every row is valid. */
export async function runImport(
  deps: NoticeNumberDeps & { database: Database },
  o: ImportOptions,
): Promise<ImportResult> {
  const result: ImportResult = {
    ok: false,
    submitted: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    errorCount: 0,
    errors: [],
  };
  const name = fieldNamer(o.format);
  const fail = (row: number, iupd: string | undefined, problems: FieldProblem[]) => {
    for (const p of problems) {
      const error = { row, iupd, field: name(p.path), message: p.message };
      result.errorCount++;
      if (result.errors.length < MAX_ERRORS) result.errors.push(error);
      o.onRow?.(row, iupd, 'error', error);
    }
  };
  const firstRow = new Map<string, number>();
  const supplied = new Map<string, number>();
  const outcome = new Map<string, 'unchanged' | 'updated'>();
  let generated = 0;

  const items = (): AsyncIterable<ImportItem> => readImportItems(o.open(), o.format, o.entity, o.maxBytes);
  const convert = (item: ImportItem): { input?: PositionInput; problems: FieldProblem[] } => {
    if (!item.body) return { problems: item.problems };
    const { input, problems } = fromGpdPosition(item.body);
    return { input, problems: [...item.problems, ...problems] };
  };

  // Pass 1: check everything, touching nothing.
  let batch: Checked[] = [];
  const checkBatch = async () => {
    const existing = await existingIupds(
      deps.db,
      o.entity.id,
      batch.map((b) => b.iupd),
    );
    const iuvs = batch.flatMap((b) => [...suppliedIuvs(b.input).keys()]);
    const taken = await takenIuvs(deps.db, o.entity.id, iuvs);
    for (const b of batch) {
      const found = existing.get(b.iupd);
      if (found && found.contentHash === positionHash(b.input)) {
        outcome.set(b.iupd, 'unchanged');
        continue;
      }
      if (found && o.mode === 'create') {
        fail(b.row, b.iupd, [
          {
            path: 'iupd',
            message:
              'a debt position with this iupd already exists with other content (import with upsert to update it)',
          },
        ]);
        continue;
      }
      if (found && !UPDATABLE_STATUSES.includes(found.status)) {
        fail(b.row, b.iupd, [
          { path: 'iupd', message: `the existing debt position is ${found.status} and cannot be updated` },
        ]);
        continue;
      }
      const problems = checkPositionRules(b.input, { entity: o.entity, now: o.now, mode: found ? 'update' : 'create' });
      for (const [iuv, path] of suppliedIuvs(b.input)) {
        const holder = taken.get(iuv);
        if (holder && holder !== found?.id)
          problems.push({ path, message: 'is already used by another debt position' });
      }
      if (problems.length > 0) fail(b.row, b.iupd, problems);
      else {
        if (found) outcome.set(b.iupd, 'updated');
        generated += missingNavs(b.input);
      }
    }
    batch = [];
  };
  try {
    for await (const item of items()) {
      if (++result.submitted > o.maxRows) {
        throw new ImportFileError(`The file has more than ${o.maxRows} debt positions, the limit for one import`, {
          status: 'PAYLOAD_TOO_LARGE',
        });
      }
      const { input, problems } = convert(item);
      if (!input || problems.length > 0) {
        fail(item.row, item.iupd, problems);
        continue;
      }
      const first = firstRow.get(input.iupd);
      if (first !== undefined) {
        fail(item.row, input.iupd, [{ path: 'iupd', message: `appears twice in the file (first at row ${first})` }]);
        continue;
      }
      firstRow.set(input.iupd, item.row);
      const duplicates: FieldProblem[] = [];
      for (const [iuv, path] of suppliedIuvs(input)) {
        const other = supplied.get(iuv);
        if (other !== undefined) duplicates.push({ path, message: `is also used at row ${other} of the file` });
        else supplied.set(iuv, item.row);
      }
      if (duplicates.length > 0) fail(item.row, input.iupd, duplicates);
      else batch.push({ row: item.row, iupd: input.iupd, input });
      if (batch.length >= BATCH) await checkBatch();
      if (result.submitted % BATCH === 0) o.onProgress?.('check', result.submitted);
    }
    await checkBatch();
  } catch (error) {
    if (!(error instanceof ImportFileError || error instanceof CsvSyntaxError || error instanceof EncodingError))
      throw error;
    const row = error instanceof CsvSyntaxError ? error.line : error instanceof ImportFileError ? (error.row ?? 0) : 0;
    fail(row, undefined, [{ path: 'file', message: error.message }]);
  }
  if (result.errorCount > 0) return result;

  // Pass 2: write everything in one transaction.
  const supply = await reserveNoticeNumbers(deps, o.entity, generated, new Set(supplied.keys()));
  firstRow.clear();
  supplied.clear();
  const startStatus = o.toPublish ? 'PUBLISHED' : 'DRAFT';
  await deps.database.bulk(async (session) => {
    let positions: (string | null)[][] = [];
    let installments: (string | null)[][] = [];
    let audits: (string | null)[][] = [];
    const flush = async () => {
      await session.copyRows('positions', POSITION_COPY_COLUMNS, positions);
      await session.copyRows('installments', INSTALLMENT_COPY_COLUMNS, installments);
      await session.copyRows('audit_log', AUDIT_COPY_COLUMNS, audits);
      positions = [];
      installments = [];
      audits = [];
    };
    let written = 0;
    for await (const item of items()) {
      const { input } = convert(item);
      if (!input) throw new Error(`row ${item.row} changed between the two passes`);
      const done = outcome.get(input.iupd);
      if (done === 'unchanged') {
        result.unchanged++;
        o.onRow?.(item.row, input.iupd, 'unchanged');
      } else if (done === 'updated') {
        const previous = await lockAndLoad(session.db, o.entity.id, input.iupd);
        if (!previous) throw new Error(`position ${input.iupd} disappeared during the import`);
        await replaceInTransaction(session.db, {
          entity: o.entity,
          previous,
          input,
          fresh: supply,
          now: o.now,
          actor: o.actor,
          toPublish: o.toPublish,
        });
        result.updated++;
        o.onRow?.(item.row, input.iupd, 'updated');
      } else {
        const navs = assignNavs(input, supply);
        const status = o.toPublish && isValidityReached(earliestValidity(input.options), o.now) ? 'VALID' : startStatus;
        const id = uuidv7(o.now.getTime());
        const rows = buildRows(input, {
          id,
          entityId: o.entity.id,
          status,
          now: o.now,
          navs,
          contentHash: positionHash(input),
          publishedAt: o.toPublish ? o.now : null,
        });
        const values = copyValues(rows);
        positions.push(values.position);
        installments.push(...values.installments);
        audits.push(
          auditCopyRow(o.actor, {
            entityId: o.entity.id,
            action: 'position.create',
            subjectType: 'position',
            subjectId: id,
            after: inputSnapshot(input, navs, status),
          }),
        );
        result.created++;
        o.onRow?.(item.row, input.iupd, 'created');
        if (positions.length >= BATCH) await flush();
      }
      if (++written % BATCH === 0) o.onProgress?.('write', written);
    }
    await flush();
    result.ok = true;
    await o.onCommit?.(session.db, result);
  });
  return result;
}
