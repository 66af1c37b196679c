// The SQL of the background exports of position searches: their rows, claiming one for a worker, and
// their files kept in chunks of the database (as print runs keep theirs), read back one by one.
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { PositionExportsTable, Schema } from '../../../db/schema.ts';

export type ExportRecord = Selectable<PositionExportsTable>;

export async function insertExport(db: Kysely<Schema>, row: Insertable<PositionExportsTable>) {
  await db.insertInto('position_exports').values(row).execute();
}

export const findExport = (db: Kysely<Schema>, id: string, entityId?: string) => {
  let query = db.selectFrom('position_exports').selectAll().where('id', '=', id);
  if (entityId) query = query.where('entity_id', '=', entityId);
  return query.executeTakeFirst();
};

/** The entity's newest exports. */
export const listExports = (db: Kysely<Schema>, entityId: string, limit = 50) =>
  db
    .selectFrom('position_exports')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

/** A worker's hold on an export: the export's id and when this worker claimed it. */
export interface OwnedExport {
  id: string;
  startedAt: Date;
}

/**
 * QUEUED → RUNNING for this worker, or RUNNING taken over from a worker that started before
 * `staleBefore` (gone); false when another holds it or it has ended.
 */
export async function claimExport(db: Kysely<Schema>, owned: OwnedExport, staleBefore: Date): Promise<boolean> {
  const result = await db
    .updateTable('position_exports')
    .set({ status: 'RUNNING', started_at: owned.startedAt })
    .where('id', '=', owned.id)
    .where((eb) =>
      eb.or([eb('status', '=', 'QUEUED'), eb.and([eb('status', '=', 'RUNNING'), eb('started_at', '<', staleBefore)])]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Changes the export if this worker still holds it; false when another took it over. */
export async function updateOwnedExport(
  db: Kysely<Schema>,
  owned: OwnedExport,
  values: {
    status?: 'COMPLETED' | 'FAILED';
    row_count?: number;
    byte_size?: number;
    error?: string;
    ended_at?: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('position_exports')
    .set(values)
    .where('id', '=', owned.id)
    .where('status', '=', 'RUNNING')
    .where('started_at', '=', owned.startedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertExportChunk(db: Kysely<Schema>, exportId: string, seq: number, data: Uint8Array) {
  await db.insertInto('position_export_chunks').values({ export_id: exportId, seq, data }).execute();
}

export async function deleteExportChunks(db: Kysely<Schema>, exportId: string) {
  await db.deleteFrom('position_export_chunks').where('export_id', '=', exportId).execute();
}

/** The file's chunks in order, one query each (never the whole file in memory). */
export async function* readExportChunks(db: Kysely<Schema>, exportId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const row = await db
      .selectFrom('position_export_chunks')
      .select('data')
      .where('export_id', '=', exportId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield row.data;
  }
}
