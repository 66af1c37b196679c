// One import, in a single pass inside one transaction: rows are read, checked (against the rules and
// the database) and written with COPY in batches. The first invalid row stops the writing but not the
// checking, so the report lists every problem; then the transaction rolls back: all or nothing.
import type { Kysely } from 'kysely';
import type { CopyValue, Database } from '../../../db/database.ts';
import type { Schema } from '../../../db/schema.ts';
import { CsvSyntaxError } from '../../../shared/csv.ts';
import { todayInRome } from '../../../shared/dates.ts';
import type { FieldProblem } from '../../../shared/errors.ts';
import { FingerprintSet } from '../../../shared/fingerprint-set.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { EncodingError } from '../../../shared/utf8.ts';
import { type Actor, type AuditCopyRow, copyStagedAudit, flushStagedAudit, stageAudit } from '../../audit/audit.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import type { Entity } from '../../entities/entity.ts';
import { fromGpdPosition, type GpdPosition } from '../gpd-v3.mapper.ts';
import { isValidityReached } from '../position.ts';
import {
  buildRows,
  copyValues,
  earliestValidity,
  INSTALLMENT_COPY_COLUMNS,
  POSITION_COPY_COLUMNS,
} from '../position-rows.ts';
import { checkPositionRules } from '../position-rules.ts';
import {
  assignNavs,
  createdSnapshot,
  entityPool,
  missingNavs,
  replaceInTransaction,
  suppliedNavs,
} from '../position-writes.ts';
import { lockAndLoad } from '../positions.db.ts';
import {
  type Checked,
  type CreatedEntry,
  creationRecords,
  judgeBatch,
  type PendingBatch,
  startLookup,
} from './import-batch.ts';
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
  /** The import record: the audit records of the import's creations name it (ADR 0028). */
  importId: string;
  entity: Entity;
  format: ImportFormat;
  bytes: AsyncIterable<Uint8Array>;
  mode: 'create' | 'upsert';
  toPublish: boolean;
  actor: Actor;
  now: Date;
  maxBytes: number;
  maxRows: number;
  onProgress?: (rows: number) => void;
  /** Every row's outcome; rows written before a later row failed are reported "created" and rolled back. */
  onRow?: (row: number, iupd: string | undefined, outcome: RowOutcome, problem?: ImportError) => void;
  /** Runs inside the transaction once everything is written (records the import's outcome). */
  onCommit?: (db: Kysely<Schema>, result: ImportResult) => Promise<void>;
}

export const MAX_ERRORS = 1000;
const BATCH = 1000;
const YIELD_EVERY = 25;

class Rollback extends Error {}

export async function runImport(
  deps: { db: Kysely<Schema>; database: Database; entities: Pick<EntitiesService, 'reserveNoticeBases'> },
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
  const today = todayInRome(o.now);
  // The file's iupds and supplied notice numbers, with the row of each, to find duplicates in the file.
  const firstRow = new FingerprintSet();
  const supplied = new FingerprintSet();

  try {
    await deps.database.bulk(async (session) => {
      const db = session.db;
      // The import's audit records join the entity's chain at the end (its lock is held only then).
      await stageAudit(session);
      // What exists already is looked up on another connection, so those queries run while this one
      // is busy with the previous batch's COPY (rows of this very import are caught by the file's own
      // duplicate checks).
      const pool = entityPool(deps, o.entity, deps.db, supplied);
      let batch: Checked[] = [];
      // The batch read before the current one, its look-ups under way while the current one is read.
      let pending: PendingBatch | undefined;
      type CopyBatch = { positions: CopyValue[][]; installments: CopyValue[][]; audits: AuditCopyRow[] };
      let copy: CopyBatch = { positions: [], installments: [], audits: [] };
      let writing: Promise<void> = Promise.resolve();

      const processBatch = async (current: PendingBatch) => {
        const accepted = judgeBatch(
          current.items,
          await current.lookup,
          { entity: o.entity, now: o.now, today, mode: o.mode, pool },
          {
            unchanged: (b) => {
              result.unchanged++;
              o.onRow?.(b.row, b.iupd, 'unchanged');
            },
            rejected: (b, problems) => fail(b.row, b.iupd, problems),
          },
        );
        if (result.errorCount > 0) return; // keep checking, stop writing
        await pool.ensure(accepted.reduce((n, a) => n + missingNavs(a.item.input), 0));
        const created: CreatedEntry[] = [];
        for (const { item, hash, previous } of accepted) {
          if (previous === 'update') await update(item);
          else created.push(await create(item, hash));
        }
        copy.audits.push(...creationRecords(o, created));
        // The database ingests this batch while the next one is read and checked (two cores, two jobs).
        await writing;
        const rows = copy;
        copy = { positions: [], installments: [], audits: [] };
        writing = (async () => {
          await session.copyRows('positions', POSITION_COPY_COLUMNS, rows.positions);
          await session.copyRows('installments', INSTALLMENT_COPY_COLUMNS, rows.installments);
          await copyStagedAudit(session, rows.audits);
        })();
        writing.catch(() => {}); // awaited before the next batch and at the end
      };
      /** Hands the batch just read to the look-ups, and processes the one before it. */
      const nextBatch = async () => {
        const read = startLookup(deps.db, o.entity.id, batch);
        batch = [];
        if (pending) await processBatch(pending);
        pending = read;
      };
      const create = async ({ row, input }: Checked, hash: string) => {
        const navs = await assignNavs(input, pool);
        const status = !o.toPublish
          ? 'DRAFT'
          : isValidityReached(earliestValidity(input.options), o.now)
            ? 'VALID'
            : 'PUBLISHED';
        const id = uuidv7(o.now.getTime());
        const rows = buildRows(input, {
          id,
          entityId: o.entity.id,
          status,
          now: o.now,
          navs,
          contentHash: hash,
          publishedAt: o.toPublish ? o.now : null,
        });
        const values = copyValues(rows);
        copy.positions.push(values.position);
        copy.installments.push(...values.installments);
        result.created++;
        o.onRow?.(row, input.iupd, 'created');
        return { id, ...createdSnapshot(input, navs, status, hash) };
      };

      const update = async ({ row, input }: Checked) => {
        const previous = await lockAndLoad(db, o.entity.id, input.iupd);
        if (!previous) throw new Error(`position ${input.iupd} disappeared during the import`);
        await replaceInTransaction(db, {
          entity: o.entity,
          previous,
          input,
          pool,
          now: o.now,
          actor: o.actor,
          toPublish: o.toPublish,
        });
        result.updated++;
        o.onRow?.(row, input.iupd, 'updated');
      };

      // What the rules say of a row that fails its schema: judged by the update rules, the laxer set,
      // since whether the row would create or update is not known before it can be read.
      const rules = (body: unknown) => {
        const { input, problems } = fromGpdPosition(body as GpdPosition);
        return [...problems, ...checkPositionRules(input, { entity: o.entity, now: o.now, today, mode: 'update' })];
      };
      for await (const item of readImportItems(o.bytes, o.format, o.entity, o.maxBytes, rules)) {
        if (++result.submitted > o.maxRows) {
          throw new ImportFileError(`The file has more than ${o.maxRows} debt positions, the limit for one import`, {
            status: 'PAYLOAD_TOO_LARGE',
          });
        }
        const checked = readItem(item);
        if (checked) batch.push(checked);
        if (batch.length >= BATCH) await nextBatch();
        if (result.submitted % BATCH === 0) o.onProgress?.(result.submitted);
        // Reading, checking and building rows is synchronous work that would otherwise hold the event
        // loop for a whole chunk of the file; a turn every YIELD_EVERY rows lets the socket take the
        // COPY data already written, so the database ingests a batch while the next one is built.
        if (result.submitted % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await nextBatch(); // the last, partial batch
      if (pending) await processBatch(pending);
      await writing;
      o.onProgress?.(result.submitted);
      if (result.errorCount > 0) throw new Rollback();
      result.ok = true;
      await o.onCommit?.(db, result);
      await flushStagedAudit(session);
    });
  } catch (error) {
    if (error instanceof Rollback) return { ...result, created: 0, updated: 0, unchanged: 0 };
    if (!(error instanceof ImportFileError || error instanceof CsvSyntaxError || error instanceof EncodingError))
      throw error;
    const row = error instanceof ImportFileError ? (error.row ?? 0) : error.line;
    fail(row, undefined, [{ path: 'file', message: error.message }]);
    return { ...result, created: 0, updated: 0, unchanged: 0 };
  }
  return result;

  /** Converts one item and checks what needs no database: the file's own duplicates. */
  function readItem(item: ImportItem): Checked | undefined {
    if (!item.body) {
      fail(item.row, item.iupd, item.problems);
      return undefined;
    }
    const { input, problems } = fromGpdPosition(item.body);
    if (item.problems.length > 0 || problems.length > 0) {
      fail(item.row, item.iupd, [...item.problems, ...problems]);
      return undefined;
    }
    const first = firstRow.get(input.iupd);
    if (first !== undefined) {
      fail(item.row, input.iupd, [{ path: 'iupd', message: `appears twice in the file (first at row ${first})` }]);
      return undefined;
    }
    firstRow.set(input.iupd, item.row);
    const duplicates: FieldProblem[] = [];
    for (const [nav, path] of suppliedNavs(input)) {
      const other = supplied.get(nav);
      if (other !== undefined) duplicates.push({ path, message: `is also used at row ${other} of the file` });
      else supplied.set(nav, item.row);
    }
    if (duplicates.length > 0) {
      fail(item.row, input.iupd, duplicates);
      return undefined;
    }
    return { row: item.row, iupd: input.iupd, input };
  }
}
