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
 * Moves RECEIVED → IN_PROGRESS under `owner`'s lease until `until`, or takes over an IN_PROGRESS
 * import whose lease has run out (its worker died: its transaction rolled back). False when another
 * worker holds it or it is finished.
 */
export async function claimImport(db: Kysely<Schema>, id: string, owner: string, now: Date, until: Date) {
  const result = await db
    .updateTable('imports')
    .set({ status: 'IN_PROGRESS', started_at: now, lease_owner: owner, lease_expires_at: until })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'RECEIVED'),
        eb.and([eb('status', '=', 'IN_PROGRESS'), eb('lease_expires_at', '<=', now)]),
      ]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Extends `owner`'s lease; false when the import is no longer `owner`'s (taken over, or finished). */
export async function renewLease(db: Kysely<Schema>, id: string, owner: string, until: Date) {
  const result = await db
    .updateTable('imports')
    .set({ lease_expires_at: until })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'IN_PROGRESS')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Records the outcome of `owner`'s import; false (nothing written) when the lease is no longer its. */
export async function finishLeasedImport(
  db: Kysely<Schema>,
  id: string,
  owner: string,
  values: Updateable<ImportsTable>,
) {
  const result = await db
    .updateTable('imports')
    .set({ ...values, lease_expires_at: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'IN_PROGRESS')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Imports whose worker is gone: IN_PROGRESS past their lease, or RECEIVED since before
 * `receivedBefore` (their job was lost).
 */
export async function staleImports(db: Kysely<Schema>, now: Date, receivedBefore: Date) {
  return db
    .selectFrom('imports')
    .select(['id', 'entity_id', 'source', 'status', 'to_publish', 'actor'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'IN_PROGRESS'), eb('lease_expires_at', '<=', now)]),
        eb.and([eb('status', '=', 'RECEIVED'), eb('created_at', '<', receivedBefore)]),
      ]),
    )
    .orderBy('created_at')
    .limit(100)
    .execute();
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

/** Closes an import whose lease ran out with no one to resume it (a CLI import); false if it moved on. */
export async function abandonImport(db: Kysely<Schema>, id: string, now: Date, errors: unknown[]) {
  const result = await db
    .updateTable('imports')
    .set({
      status: 'COMPLETED_UNSUCCESSFULLY',
      error_count: errors.length,
      errors: JSON.stringify(errors),
      ended_at: now,
      lease_expires_at: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'IN_PROGRESS')
    .where('lease_expires_at', '<=', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The record of an import as a list shows it (without its report). */
export type ImportSummary = Omit<ImportRow, 'errors' | 'lease_owner' | 'lease_expires_at'>;

/** The entity's latest imports, newest first (imports_entity_created). */
export async function listImports(db: Kysely<Schema>, entityId: string, limit: number): Promise<ImportSummary[]> {
  return db
    .selectFrom('imports')
    .select([
      'id',
      'entity_id',
      'source',
      'file_name',
      'format',
      'mode',
      'status',
      'byte_size',
      'submitted_items',
      'processed_items',
      'created_count',
      'updated_count',
      'unchanged_count',
      'error_count',
      'actor',
      'created_at',
      'started_at',
      'ended_at',
      'to_publish',
    ])
    .where('entity_id', '=', entityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The iupds of the positions an import created, from its `import.create` audit records (ADR 0028:
 * they name the import and list each position created), in the order they were created.
 */
export async function createdIupds(db: Kysely<Schema>, entityId: string, importId: string): Promise<string[]> {
  const records = await db
    .selectFrom('audit_log')
    .select('after')
    .where('entity_id', '=', entityId)
    .where('subject_type', '=', 'import')
    .where('subject_id', '=', importId)
    .where('action', '=', 'import.create')
    .orderBy('id')
    .execute();
  return records
    .flatMap((r) => (JSON.parse(r.after ?? '{}') as { positions?: { iupd: string }[] }).positions ?? [])
    .map((p) => p.iupd);
}
