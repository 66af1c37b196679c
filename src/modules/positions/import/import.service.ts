// Bulk import of debt positions: from a file on disk (CLI, synchronous) or from an upload (API,
// stored in the database and processed by a background job). Each import has a record with its
// status, counts and the problems found, which the status and report endpoints read.

import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database.ts';
import type { Schema } from '../../../db/schema.ts';
import type { Jobs } from '../../../jobs/boss.ts';
import { IMPORT_JOB } from '../../../jobs/definitions.ts';
import type { Clock } from '../../../shared/clock.ts';
import { AppError, notFound } from '../../../shared/errors.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { authorize } from '../../../shared/principal.ts';
import { type Actor, deferredActor, recordAudit } from '../../audit/audit.ts';
import type { EntitiesService } from '../../entities/entities.service.ts';
import type { Entity } from '../../entities/entity.ts';
import { withUniqueErrors } from '../position-writes.ts';
import {
  claimImport,
  createdIupds,
  deleteChunks,
  deleteImport,
  findImport,
  finishLeasedImport,
  type ImportRow,
  insertChunk,
  insertImport,
  listImports,
  readChunks,
  renewLease,
  updateImport,
} from './import.db.ts';
import { IMPORT_LEASE, keepLease, LeaseLost, type LeaseTiming } from './import-lease.ts';
import { resumeStaleImports } from './import-resume.ts';

export { IMPORT_JOB };

import type { ImportFormat } from './import-reader.ts';
import { type ImportOptions, type ImportResult, runImport } from './import-run.ts';
import { fileBytes, limitBytes } from './sources.ts';

/** The longest an import may run: pg-boss hands its job to another worker after this (see the lease). */
export const IMPORT_STALE_MS = 2 * 60 * 60 * 1000;
const CHUNK = 1024 * 1024;

export interface ImportRequest {
  format: ImportFormat;
  mode: 'create' | 'upsert';
  toPublish: boolean;
  fileName: string;
}

export type ImportsService = ReturnType<typeof importsService>;

/** Every change of an import record is audited, like every other state change. */
function audit(db: Kysely<Schema>, actor: Actor, entityId: string, importId: string, action: string, after: object) {
  return recordAudit(db, actor, { entityId, action, subjectType: 'import', subjectId: importId, after });
}

export function importsService(deps: {
  database: Database;
  clock: Clock;
  entities: Pick<EntitiesService, 'reserveNoticeBases' | 'byId'>;
  jobs: Jobs | undefined;
  limits: { importMaxBytes: number; importMaxRows: number };
  /** Lease timing (tests shorten it). */
  lease?: LeaseTiming;
}) {
  const { database, clock, limits } = deps;
  const leaseTiming = deps.lease ?? IMPORT_LEASE;
  const leaseUntil = () => new Date(clock.now().getTime() + leaseTiming.leaseMs);
  const db = database.db;
  const progress = new Map<string, number>();

  /**
   * Runs an import and records its outcome on the import record, while `owner` holds its lease
   * (LeaseLost, and nothing written, when it no longer does).
   */
  async function execute(
    row: Pick<ImportRow, 'id' | 'format' | 'mode'> & { toPublish: boolean; owner: string },
    entity: Entity,
    bytes: AsyncIterable<Uint8Array>,
    actor: Actor,
    hooks: Pick<ImportOptions, 'onProgress' | 'onRow'> = {},
  ): Promise<ImportResult> {
    const now = clock.now();
    const finish = async (trx: Kysely<Schema>, result: ImportResult) => {
      const owned = await finishLeasedImport(trx, row.id, row.owner, {
        status: result.ok ? 'COMPLETED' : 'COMPLETED_UNSUCCESSFULLY',
        submitted_items: result.submitted,
        processed_items: result.ok ? result.submitted : 0,
        created_count: result.created,
        updated_count: result.updated,
        unchanged_count: result.unchanged,
        error_count: result.errorCount,
        errors: JSON.stringify(result.errors),
        ended_at: clock.now(),
      });
      if (!owned) throw new LeaseLost(row.id);
      await recordAudit(trx, actor, {
        entityId: entity.id,
        action: result.ok ? 'import.complete' : 'import.reject',
        subjectType: 'import',
        subjectId: row.id,
        after: {
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          errors: result.errorCount,
        },
      });
    };
    let result: ImportResult;
    try {
      result = await withUniqueErrors(() =>
        runImport(
          { db, database, entities: deps.entities },
          {
            importId: row.id,
            entity,
            format: row.format,
            bytes,
            mode: row.mode,
            toPublish: row.toPublish,
            actor,
            now,
            maxBytes: limits.importMaxBytes,
            maxRows: limits.importMaxRows,
            onProgress: (rows) => {
              progress.set(row.id, rows);
              hooks.onProgress?.(rows);
            },
            ...(hooks.onRow && { onRow: hooks.onRow }),
            onCommit: finish,
          },
        ),
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      // A race with another writer (same iupd or notice number created meanwhile): nothing was written.
      result = {
        ok: false,
        submitted: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        errorCount: 1,
        errors: [{ row: 0, field: 'file', message: `${error.message}; nothing was imported, run the import again` }],
      };
    } finally {
      progress.delete(row.id);
    }
    if (!result.ok) await db.transaction().execute((trx) => finish(trx, result));
    return result;
  }

  /**
   * Ends `owner`'s lease now, so the job's retry may claim the import at once. Tried three times: after
   * a cut the pool may first hand out a connection that is dead too. If all fail, the lease runs out.
   */
  async function giveUpLease(id: string, owner: string) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await renewLease(db, id, owner, clock.now());
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
  }

  /**
   * Creates the import record with its audit record: a CLI import starts at once (IN_PROGRESS), an
   * upload is UPLOADING until its file is stored.
   */
  async function openImport(entity: Entity, request: ImportRequest, actor: Actor, source: 'cli' | 'api') {
    authorize(actor.principal, { entityId: entity.id, area: 'positions', access: 'write' });
    const id = uuidv7();
    const owner = uuidv7();
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await insertImport(trx, {
        id,
        entity_id: entity.id,
        source,
        file_name: request.fileName,
        format: request.format,
        mode: request.mode,
        status: source === 'cli' ? 'IN_PROGRESS' : 'UPLOADING',
        byte_size: 0,
        actor: actor.id,
        created_at: now,
        started_at: source === 'cli' ? now : null,
        to_publish: request.toPublish,
        lease_owner: source === 'cli' ? owner : null,
        lease_expires_at: source === 'cli' ? leaseUntil() : null,
      });
      await audit(trx, actor, entity.id, id, source === 'cli' ? 'import.start' : 'import.upload', {
        fileName: request.fileName,
        format: request.format,
      });
    });
    return { id, owner };
  }

  return {
    /** Imports a file from disk now (CLI). */
    async importFile(
      entity: Entity,
      path: string,
      request: ImportRequest,
      actor: Actor,
      hooks: Pick<ImportOptions, 'onProgress' | 'onRow'> = {},
    ): Promise<{ importId: string; result: ImportResult }> {
      const { id, owner } = await openImport(entity, request, actor, 'cli');
      const lease = keepLease(db, clock, id, owner, leaseTiming);
      try {
        const result = await execute(
          { id, owner, format: request.format, mode: request.mode, toPublish: request.toPublish },
          entity,
          limitBytes(fileBytes(path), limits.importMaxBytes),
          actor,
          hooks,
        );
        return { importId: id, result };
      } finally {
        lease.stop();
      }
    },

    /**
     * Stores an uploaded file (API) and enqueues its processing. Reading stops with 413 as soon as
     * the file passes the size limit; nothing is kept of a refused upload.
     */
    async receiveUpload(
      entity: Entity,
      file: AsyncIterable<Uint8Array>,
      request: ImportRequest,
      actor: Actor,
    ): Promise<ImportRow> {
      if (!deps.jobs) throw new Error('background jobs are not running in this process');
      const jobs = deps.jobs;
      const { id } = await openImport(entity, request, actor, 'api');
      let size = 0;
      try {
        let seq = 0;
        let pending: Uint8Array[] = [];
        let pendingBytes = 0;
        const flush = async () => {
          if (pendingBytes === 0) return;
          await insertChunk(db, id, seq++, Buffer.concat(pending));
          pending = [];
          pendingBytes = 0;
        };
        for await (const chunk of limitBytes(file, limits.importMaxBytes)) {
          size += chunk.byteLength;
          pending.push(chunk);
          pendingBytes += chunk.byteLength;
          if (pendingBytes >= CHUNK) await flush();
        }
        await flush();
        await db.transaction().execute(async (trx) => {
          await updateImport(trx, id, { status: 'RECEIVED', byte_size: size });
          await audit(trx, actor, entity.id, id, 'import.receive', {
            fileName: request.fileName,
            format: request.format,
            mode: request.mode,
            bytes: size,
          });
          await jobs.enqueue(
            IMPORT_JOB,
            { importId: id, toPublish: request.toPublish },
            { db: trx, requestId: actor.requestId },
          );
        });
      } catch (error) {
        // Nothing is kept of an upload that did not complete: no record, no chunks, no job.
        await db.transaction().execute(async (trx) => {
          await deleteImport(trx, id);
          await audit(trx, actor, entity.id, id, 'import.refuse', { reason: (error as Error).message });
        });
        throw error;
      }
      return (await findImport(db, id))!;
    },

    /**
     * The job: processes a stored upload under a lease. Safe to run twice: a finished import, or one
     * whose worker still lives, is left alone. A failure (the database away) gives the lease up, so
     * the job's retry, or the resume job, takes the import up again.
     */
    async processUpload(
      data: { importId: string; toPublish: boolean },
      origin: { requestId?: string | undefined } = {},
    ): Promise<void> {
      const row = await findImport(db, data.importId);
      if (!row) return;
      // The upload's request id (or the resume's job id) when the job carries one, else `import:<id>`.
      const actor = deferredActor('positions.import', row.actor, origin.requestId ?? `import:${row.id}`);
      const owner = uuidv7();
      const claimed = await db.transaction().execute(async (trx) => {
        if (!(await claimImport(trx, row.id, owner, clock.now(), leaseUntil()))) return false;
        await audit(trx, actor, row.entity_id, row.id, 'import.start', { status: 'IN_PROGRESS', worker: owner });
        return true;
      });
      if (!claimed) return;
      const entity = await deps.entities.byId(row.entity_id);
      if (!entity) return;
      const lease = keepLease(db, clock, row.id, owner, leaseTiming);
      // The upload is copied to a temporary file first: the import writes in one long transaction,
      // which should not also hold a pooled connection for each chunk it reads.
      const spool = await mkdtemp(join(tmpdir(), 'cassa-upload-'));
      const path = join(spool, 'file');
      try {
        await pipeline(Readable.from(readChunks(db, row.id)), createWriteStream(path));
        await execute(
          { id: row.id, owner, format: row.format, mode: row.mode, toPublish: row.to_publish ?? data.toPublish },
          entity,
          fileBytes(path),
          actor,
        );
      } catch (error) {
        if (error instanceof LeaseLost) return; // another worker has it: its outcome stands
        await giveUpLease(row.id, owner);
        throw error;
      } finally {
        lease.stop();
        await rm(spool, { recursive: true, force: true });
      }
      await deleteChunks(db, row.id);
    },

    /** The resume job: imports whose worker is gone are enqueued again (CLI ones are closed as failed). */
    resumeStale: () => resumeStaleImports({ db, clock, jobs: deps.jobs }),

    /** The largest file an import takes (bytes). */
    maxBytes: limits.importMaxBytes,

    /** The entity's latest `limit` imports, newest first, without their reports. */
    list: (entity: Entity, limit = 50) => listImports(db, entity.id, limit),

    /** The iupds of the positions the entity's import created (none for another entity's import). */
    createdIupds: (entity: Entity, id: string) => createdIupds(db, entity.id, id),

    /** An import of the entity (404 for another entity's), with live progress while it runs. */
    async get(entity: Entity, id: string): Promise<ImportRow & { progress: number }> {
      const row = /^[0-9a-f-]{36}$/.test(id) ? await findImport(db, id, entity.id) : undefined;
      if (!row) throw notFound();
      return { ...row, progress: progress.get(id) ?? row.processed_items };
    },
  };
}
