// Bulk printing requested through the API: the request is checked and recorded (QUEUED) with its
// job in one transaction; the `notices.print` job renders it with the same streaming core as the
// CLI, storing the file in the database; the API then reports its progress and serves the file.

import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Jobs } from '../../../jobs/boss.ts';
import { PRINT_JOB } from '../../../jobs/definitions.ts';
import type { Clock } from '../../../shared/clock.ts';
import { AppError, notFound } from '../../../shared/errors.ts';
import { isUuid, uuidv7 } from '../../../shared/ids.ts';
import { barcodePool } from '../../../shared/pdf/barcode-pool.ts';
import { authorize } from '../../../shared/principal.ts';
import { type Actor, deferredActor, recordAudit } from '../../audit/audit.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import type { Entity, NoticeLanguage } from '../../entities/entity.ts';
import type { PositionsService } from '../../positions/positions.service.ts';
import { LostPrintJob, printJobOutput } from './print-job-output.ts';
import {
  claimPrintJob,
  deletePrintChunks,
  findPrintJob,
  insertPrintJob,
  listPrintJobs,
  type PrintJobRow,
  readPrintChunks,
  updateOwnedJob,
} from './print-jobs.db.ts';
import { printNotices } from './print-run.ts';
import {
  checkSelection,
  describeSelection,
  type PrintFormat,
  type PrintSelection,
  type PrintStatus,
  selectionBatches,
  selectionFrom,
} from './print-selection.ts';

export { PRINT_JOB };
/**
 * A job still IN_PROGRESS this long after it started has lost its worker and may be taken over
 * (100 000 notices take well under an hour at the measured rates).
 */
export const PRINT_STALE_MS = 3 * 60 * 60 * 1000;
/** How often a running job records its progress. */
const PROGRESS_EVERY_MS = 1000;

export interface PrintJobRequest {
  format: PrintFormat;
  lang?: NoticeLanguage | undefined;
  iupds?: string[] | undefined;
  status?: PrintStatus | undefined;
  all?: boolean | undefined;
}

export type PrintJobsService = ReturnType<typeof printJobsService>;

export function printJobsService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  positions: Pick<PositionsService, 'count' | 'unknownIupds' | 'batches' | 'batchesByIupds'>;
  entities: Pick<EntitiesService, 'byId' | 'getLogo'>;
  jobs: Jobs | undefined;
}) {
  const { db, clock } = deps;

  const audit = (trx: Kysely<Schema>, actor: Actor, row: PrintJobRow, action: string, after: object) =>
    recordAudit(trx, actor, { entityId: row.entity_id, action, subjectType: 'print_job', subjectId: row.id, after });

  /** Runs a claimed job to its end: COMPLETED with the file stored, or FAILED with nothing kept. */
  async function run(row: PrintJobRow, owned: { id: string; startedAt: Date }, actor: Actor) {
    const entity = await deps.entities.byId(row.entity_id);
    if (!entity) throw new Error(`entity ${row.entity_id} of print job ${row.id} does not exist`);
    const selection = JSON.parse(row.selection) as PrintSelection;
    const total =
      'iupds' in selection ? selection.iupds.length : await deps.positions.count(entity, statusesOf(selection));
    if (!(await updateOwnedJob(db, owned, { total }))) throw new LostPrintJob(row.id);
    let last = performance.now();
    // In the server, the barcode workers leave one core to the HTTP requests.
    const barcodes = barcodePool(Math.max(1, availableParallelism() - 1));
    let result: Awaited<ReturnType<typeof printNotices>>;
    try {
      result = await printNotices({
        entity,
        format: row.format,
        language: row.language ?? entity.noticeLanguage,
        batches: selectionBatches(deps.positions, entity, selection),
        output: printJobOutput(db, owned),
        now: clock.now(),
        logo: await deps.entities.getLogo(entity),
        barcodes,
        onProgress: async (progress) => {
          if (performance.now() - last < PROGRESS_EVERY_MS) return;
          last = performance.now();
          const values = { processed: progress.processed, skipped: progress.skipped };
          if (!(await updateOwnedJob(db, owned, values))) throw new LostPrintJob(row.id);
        },
      });
    } finally {
      await barcodes.close();
    }
    const done = { printed: result.printed, skipped: result.skipped, bytes: result.bytes };
    await db.transaction().execute(async (trx) => {
      const values = {
        status: 'COMPLETED' as const,
        processed: result.processed,
        skipped: result.skipped,
        byte_size: result.bytes,
        ended_at: clock.now(),
      };
      if (!(await updateOwnedJob(trx, owned, values))) throw new LostPrintJob(row.id);
      await audit(trx, actor, row, 'print_job.complete', done);
    });
  }

  /** A print job of the entity (404 for another entity's or an unknown id). */
  async function get(entity: Entity, id: string): Promise<PrintJobRow> {
    const row = isUuid(id) ? await findPrintJob(db, id, entity.id) : undefined;
    if (!row) throw notFound();
    return row;
  }

  return {
    /** Checks and records a print request and enqueues its job (in the same transaction). */
    async create(entity: Entity, request: PrintJobRequest, actor: Actor): Promise<PrintJobRow> {
      // A print run reads positions and writes only its own output (ADR 0031).
      authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'read' });
      if (!deps.jobs) throw new Error('background jobs are not running in this process');
      const jobs = deps.jobs;
      const selection = selectionFrom(request);
      const { total } = await checkSelection(deps.positions, entity, selection, request.format);
      const id = uuidv7();
      const row: PrintJobRow = {
        id,
        entity_id: entity.id,
        format: request.format,
        language: request.lang ?? entity.noticeLanguage,
        selection: JSON.stringify(selection),
        status: 'QUEUED',
        total,
        processed: 0,
        skipped: 0,
        byte_size: null,
        error: null,
        actor: actor.id,
        created_at: clock.now(),
        started_at: null,
        ended_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertPrintJob(trx, row);
        await audit(trx, actor, row, 'print_job.create', {
          format: row.format,
          language: row.language,
          selection: describeSelection(selection),
          total,
        });
        await jobs.enqueue(PRINT_JOB, { printJobId: id }, { db: trx, requestId: actor.requestId });
      });
      return row;
    },

    /**
     * The job. Safe to run twice: it runs only if it claims the job (QUEUED, or left IN_PROGRESS by
     * a worker gone for PRINT_STALE_MS); a finished job is left alone. Its audit records carry the
     * id of the request that created it (`origin`), else `print-job:<id>`.
     */
    async process(data: { printJobId: string }, origin: { requestId?: string | undefined } = {}): Promise<void> {
      const row = await findPrintJob(db, data.printJobId);
      if (!row) return;
      const actor = deferredActor('notices.print', row.actor, origin.requestId ?? `print-job:${row.id}`);
      const owned = { id: row.id, startedAt: clock.now() };
      const claimed = await db.transaction().execute(async (trx) => {
        const staleBefore = new Date(owned.startedAt.getTime() - PRINT_STALE_MS);
        if (!(await claimPrintJob(trx, row.id, owned.startedAt, staleBefore))) return false;
        await audit(trx, actor, row, 'print_job.start', { status: 'IN_PROGRESS' });
        return true;
      });
      if (!claimed) return;
      try {
        await run(row, owned, actor);
      } catch (error) {
        if (error instanceof LostPrintJob) return;
        // A refusal (nothing printable, a ZIP too large) is the requester's to read; anything else
        // is reported without internals and rethrown, so the job system records it.
        const message =
          error instanceof AppError ? error.message : 'Printing stopped on an unexpected error; create the job again';
        const failed = await db.transaction().execute(async (trx) => {
          const values = { status: 'FAILED' as const, error: message, byte_size: null, ended_at: clock.now() };
          if (!(await updateOwnedJob(trx, owned, values))) return false;
          await deletePrintChunks(trx, row.id);
          await audit(trx, actor, row, 'print_job.fail', { error: message });
          return true;
        });
        if (failed && !(error instanceof AppError)) throw error;
      }
    },

    get,

    /** The entity's latest `limit` print jobs, newest first. */
    list: (entity: Entity, limit = 50) => listPrintJobs(db, entity.id, limit),

    /** The file of a COMPLETED job as a stream of chunks; 425 while it runs, 409 when it failed. */
    async file(entity: Entity, id: string): Promise<{ job: PrintJobRow; chunks: AsyncIterable<Uint8Array> }> {
      const job = await get(entity, id);
      if (job.status === 'FAILED') throw new AppError('PRINT_JOB_FAILED', `The print job failed: ${job.error}`);
      if (job.status !== 'COMPLETED') {
        throw new AppError('PRINT_JOB_NOT_READY', `The print job is ${job.status}; try again when it is COMPLETED`);
      }
      return { job, chunks: readPrintChunks(db, job.id) };
    },
  };
}

function statusesOf(selection: PrintSelection): [PrintStatus] | undefined {
  return 'status' in selection ? [selection.status] : undefined;
}
