// SQL of imports: the import record (status, counts, errors) and the chunks of uploaded files.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ImportsTable, Schema } from '../../../db/schema.ts';

export type ImportRow = Selectable<ImportsTable>;

export async function insertImport(db: Kysely<Schema>, row: Insertable<ImportsTable>) {
  await db.insertInto('imports').values(row).execute();
}

export async function updateImport(db: Kysely<Schema>, id: string, values: Updateable<ImportsTable>) {
  await db.updateTable('imports').set(values).where('id', '=', id).execute();
}

/**
 * Moves RECEIVED → IN_PROGRESS, or takes over an IN_PROGRESS import started before `staleBefore`
 * (its worker died: its transaction rolled back). False when another worker has it or it is finished.
 */
export async function claimImport(db: Kysely<Schema>, id: string, now: Date, staleBefore: Date): Promise<boolean> {
  const result = await db
    .updateTable('imports')
    .set({ status: 'IN_PROGRESS', started_at: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'RECEIVED'),
        eb.and([eb('status', '=', 'IN_PROGRESS'), eb('started_at', '<', staleBefore)]),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Removes an import that never completed its upload (its chunks go with it). */
export async function deleteImport(db: Kysely<Schema>, id: string) {
  await db.deleteFrom('imports').where('id', '=', id).execute();
}

export async function findImport(db: Kysely<Schema>, id: string, entityId?: string): Promise<ImportRow | undefined> {
  let query = db.selectFrom('imports').selectAll().where('id', '=', id);
  if (entityId) query = query.where('entity_id', '=', entityId);
  return query.executeTakeFirst();
}

export async function insertChunk(db: Kysely<Schema>, importId: string, seq: number, data: Uint8Array) {
  await db.insertInto('import_chunks').values({ import_id: importId, seq, data }).execute();
}

/** Streams an uploaded file back, one chunk per query, so memory stays flat. */
export async function* readChunks(db: Kysely<Schema>, importId: string): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const row = await db
      .selectFrom('import_chunks')
      .select('data')
      .where('import_id', '=', importId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield row.data;
  }
}

export async function deleteChunks(db: Kysely<Schema>, importId: string) {
  await db.deleteFrom('import_chunks').where('import_id', '=', importId).execute();
}
