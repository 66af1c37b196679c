// SQL of print jobs: the job record (status, counts) and the chunks of its output file. A worker
// owns a job through the `started_at` it claimed it with: every write it makes checks that value, so
// a worker that was given up for dead and comes back cannot touch the job another worker took over.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { PrintJobsTable, Schema } from '../../../db/schema.ts';

export type PrintJobRow = Selectable<PrintJobsTable>;

export async function insertPrintJob(db: Kysely<Schema>, row: Insertable<PrintJobsTable>) {
  await db.insertInto('print_jobs').values(row).execute();
}

export async function findPrintJob(
  db: Kysely<Schema>,
  id: string,
  entityId?: string,
): Promise<PrintJobRow | undefined> {
  let query = db.selectFrom('print_jobs').selectAll().where('id', '=', id);
  if (entityId) query = query.where('entity_id', '=', entityId);
  return query.executeTakeFirst();
}

/**
 * Moves QUEUED → IN_PROGRESS, or takes over an IN_PROGRESS job started before `staleBefore` (its
 * worker is gone), and drops whatever output the previous worker had written. False when another
 * worker has it or it is finished. Run it in a transaction.
 */
export async function claimPrintJob(db: Kysely<Schema>, id: string, now: Date, staleBefore: Date): Promise<boolean> {
  const result = await db
    .updateTable('print_jobs')
    .set({ status: 'IN_PROGRESS', started_at: now, processed: 0, skipped: 0 })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'QUEUED'),
        eb.and([eb('status', '=', 'IN_PROGRESS'), eb('started_at', '<', staleBefore)]),
      ]),
    )
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await db.deleteFrom('print_job_chunks').where('job_id', '=', id).execute();
  return true;
}

/** Updates a job this worker still owns (claimed at `startedAt`); false when it lost it. */
export async function updateOwnedJob(
  db: Kysely<Schema>,
  job: { id: string; startedAt: Date },
  values: Updateable<PrintJobsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('print_jobs')
    .set(values)
    .where('id', '=', job.id)
    .where('status', '=', 'IN_PROGRESS')
    .where('started_at', '=', job.startedAt)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function insertPrintChunk(db: Kysely<Schema>, jobId: string, seq: number, data: Uint8Array) {
  await db.insertInto('print_job_chunks').values({ job_id: jobId, seq, data }).execute();
}

export async function deletePrintChunks(db: Kysely<Schema>, jobId: string) {
  await db.deleteFrom('print_job_chunks').where('job_id', '=', jobId).execute();
}

/** Streams a job's file back, one chunk per query, so memory stays flat. */
export async function* readPrintChunks(db: Kysely<Schema>, jobId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const row = await db
      .selectFrom('print_job_chunks')
      .select('data')
      .where('job_id', '=', jobId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield row.data;
  }
}

/** The entity's latest print jobs, newest first (print_jobs_entity_created). */
export async function listPrintJobs(db: Kysely<Schema>, entityId: string, limit: number): Promise<PrintJobRow[]> {
  return db
    .selectFrom('print_jobs')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
