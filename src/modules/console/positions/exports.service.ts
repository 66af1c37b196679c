// Exports of large position searches, made in the background: the request is recorded (QUEUED, with
// the search and the services the requester sees) with its audit record and its `positions.export`
// job in one transaction; the job writes the CSV or XLSX (export.ts) into chunks of 1 MiB in the
// database, as print runs do; the operators of the entity who see at least those services list them
// and download them (each download audited too). Safe to run twice: a job runs only the export it
// claims (QUEUED → RUNNING, or RUNNING left by a worker gone for an hour), and each chunk is written
// only while the worker still holds it.
import type { Kysely } from 'kysely';
import type { Schema } from '../../../db/schema.ts';
import type { Jobs } from '../../../jobs/boss.ts';
import { POSITIONS_EXPORT_JOB } from '../../../jobs/definitions.ts';
import type { Clock } from '../../../shared/clock.ts';
import { isUuid, uuidv7 } from '../../../shared/ids.ts';
import { authorize, EVERY_SERVICE } from '../../../shared/principal.ts';
import { type Actor, recordAudit } from '../../audit/audit.ts';
import { csvChunks, xlsxChunks } from './export.ts';
import {
  claimExport,
  deleteExportChunks,
  type ExportRecord,
  findExport,
  insertExport,
  insertExportChunk,
  listExports,
  type OwnedExport,
  readExportChunks,
  updateOwnedExport,
} from './exports.db.ts';
import { exportRows, type Scope } from './search.db.ts';
import { filtersOf, type PositionSearch } from './search.ts';

/** Above this many instalment rows an export is made in the background. */
export const BACKGROUND_EXPORT_ROWS = 20_000;
const CHUNK = 1024 * 1024;
/** A RUNNING export this long after it started has lost its worker and may be taken over. */
export const EXPORT_STALE_MS = 60 * 60 * 1000;

/** Thrown when another worker took the export over: this one stops and changes nothing more. */
class LostExport extends Error {}

export type ExportFormat = 'csv' | 'xlsx';
export type PositionExports = ReturnType<typeof positionExportsService>;

/** Whether a viewer seeing `viewer` sees everything an export made for `scope` holds. */
const covers = (viewer: Scope, scope: Scope) =>
  viewer === EVERY_SERVICE || (scope !== EVERY_SERVICE && scope.every((s) => viewer.includes(s)));

export function positionExportsService(deps: {
  db: Kysely<Schema>;
  clock: Clock;
  jobs: Jobs | undefined;
  backgroundOver?: number;
}) {
  const { db, clock } = deps;
  const visible = (row: ExportRecord, viewer: Scope) => covers(viewer, JSON.parse(row.scope) as Scope);

  async function write(row: ExportRecord, owned: OwnedExport): Promise<{ rows: number; bytes: number }> {
    const search = JSON.parse(row.search) as PositionSearch;
    let rows = 0;
    const counted = (async function* () {
      for await (const r of exportRows(db, row.entity_id, search, JSON.parse(row.scope) as Scope)) {
        rows++;
        yield r;
      }
    })();
    const chunks = row.format === 'csv' ? csvChunks(counted) : xlsxChunks(counted);
    const encoder = new TextEncoder();
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let bytes = 0;
    let seq = 0;
    const store = async () => {
      if (pendingBytes === 0) return;
      bytes += pendingBytes;
      const data = Buffer.concat(pending, pendingBytes);
      await db.transaction().execute(async (trx) => {
        if (!(await updateOwnedExport(trx, owned, { byte_size: bytes }))) throw new LostExport();
        await insertExportChunk(trx, row.id, seq++, data);
      });
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of chunks) {
      const data = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      pending.push(data);
      pendingBytes += data.byteLength;
      if (pendingBytes >= CHUNK) await store();
    }
    await store();
    return { rows, bytes };
  }

  return {
    backgroundOver: deps.backgroundOver ?? BACKGROUND_EXPORT_ROWS,

    /** Records an export of `search` as `actor` sees it (`scope`) and enqueues its job. */
    async create(entityId: string, search: PositionSearch, format: ExportFormat, scope: Scope, actor: Actor) {
      authorize(actor.principal, { entityId, area: 'positions', access: 'read' });
      if (!deps.jobs) throw new Error('background jobs are not running in this process');
      const jobs = deps.jobs;
      const row: ExportRecord = {
        id: uuidv7(),
        entity_id: entityId,
        format,
        search: JSON.stringify({ ...search, page: 0 }),
        scope: JSON.stringify(scope),
        status: 'QUEUED',
        row_count: null,
        byte_size: null,
        error: null,
        actor: actor.id,
        created_at: clock.now(),
        started_at: null,
        ended_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await insertExport(trx, row);
        await recordAudit(trx, actor, {
          entityId,
          action: 'positions.export',
          subjectType: 'entity',
          subjectId: entityId,
          after: { format, filters: filtersOf(search), services: scope, background: row.id },
        });
        await jobs.enqueue(POSITIONS_EXPORT_JOB, { exportId: row.id }, { db: trx, requestId: actor.requestId });
      });
      return row;
    },

    /**
     * The job: writes the claimed export's file (QUEUED, or RUNNING under a worker gone for
     * EXPORT_STALE_MS, whose partial file is dropped first), or marks it FAILED with nothing kept.
     */
    async process(data: { exportId: string }): Promise<void> {
      const row = await findExport(db, data.exportId);
      const owned: OwnedExport = { id: data.exportId, startedAt: clock.now() };
      const staleBefore = new Date(owned.startedAt.getTime() - EXPORT_STALE_MS);
      if (!row || !(await claimExport(db, owned, staleBefore))) return;
      try {
        await deleteExportChunks(db, row.id);
        const { rows, bytes } = await write(row, owned);
        const done = { status: 'COMPLETED' as const, row_count: rows, byte_size: bytes, ended_at: clock.now() };
        if (!(await updateOwnedExport(db, owned, done))) throw new LostExport();
      } catch (error) {
        if (error instanceof LostExport) return;
        await db.transaction().execute(async (trx) => {
          const failed = { status: 'FAILED' as const, error: 'unexpected error', ended_at: clock.now() };
          if (await updateOwnedExport(trx, owned, failed)) await deleteExportChunks(trx, row.id);
        });
        throw error;
      }
    },

    /** The entity's newest exports the viewer may see. */
    list: async (entityId: string, viewer: Scope) =>
      (await listExports(db, entityId)).filter((row) => visible(row, viewer)),

    /** A COMPLETED export's file (undefined: not the entity's, not visible, not ready), audited. */
    async file(entityId: string, id: string, viewer: Scope, actor: Actor) {
      const row = isUuid(id) ? await findExport(db, id, entityId) : undefined;
      if (!row || !visible(row, viewer) || row.status !== 'COMPLETED') return undefined;
      await recordAudit(db, actor, {
        entityId,
        action: 'positions.export_download',
        subjectType: 'entity',
        subjectId: entityId,
        after: { export: row.id, format: row.format, rows: row.row_count },
      });
      return { row, chunks: readExportChunks(db, row.id) };
    },
  };
}
