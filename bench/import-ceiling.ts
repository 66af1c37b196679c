// The import benchmark's ceiling: what the database alone needs to store what the import stored. The
// rows the import left (positions, instalments, audit records) are read back, then written with
// COPY, in one transaction, into a second fresh database — the same tables, indexes, constraints and
// triggers — and timed. The import cannot be faster than that; the ratio says how far from it it is.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { AUDIT_COPY_COLUMNS } from '../src/modules/audit/audit.ts';
import { INSTALLMENT_COPY_COLUMNS, POSITION_COPY_COLUMNS } from '../src/modules/positions/position-rows.ts';
import { freshDatabase } from '../test/support/db.ts';

interface Part {
  table: 'entities' | 'positions' | 'installments' | 'audit_log';
  columns: readonly string[];
  where: string;
}

/** Writes the entity's rows since audit record `afterAuditId` to files in `work`, to copy in later. */
async function readBack(database: Database, entityId: string, afterAuditId: number, work: string) {
  const entityColumns = (
    await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
      WHERE table_name = 'entities' AND table_schema = current_schema() ORDER BY ordinal_position`.execute(database.db)
  ).rows.map((r) => r.name);
  const parts: Part[] = [
    { table: 'entities', columns: entityColumns, where: `id = '${entityId}'` },
    { table: 'positions', columns: POSITION_COPY_COLUMNS, where: `entity_id = '${entityId}'` },
    { table: 'installments', columns: INSTALLMENT_COPY_COLUMNS, where: `entity_id = '${entityId}'` },
    { table: 'audit_log', columns: AUDIT_COPY_COLUMNS, where: `entity_id = '${entityId}' AND id > ${afterAuditId}` },
  ];
  await database.snapshot(async (session) => {
    for (const part of parts) {
      const out = createWriteStream(join(work, `${part.table}.copy`));
      const order = part.table === 'audit_log' ? ' ORDER BY id' : '';
      for await (const text of session.copyOut(
        `SELECT ${part.columns.join(', ')} FROM ${part.table} WHERE ${part.where}${order}`,
      )) {
        if (!out.write(text)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    }
  });
  return parts;
}

/**
 * Reads back what the import stored for the entity (audit records after `afterAuditId`), then returns
 * a function that copies it into a fresh database and resolves when done (the part to time).
 */
export async function sameSchemaCopy(database: Database, entityId: string, afterAuditId: number, work: string) {
  const parts = await readBack(database, entityId, afterAuditId, work);
  const target = await freshDatabase({ prefix: 'cassa_bench_ceiling' });
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${entityId}
    AND id > ${afterAuditId}`.execute(database.db);
  return {
    auditRecords: count.rows[0]!.n,
    /** The fresh database's name (to account for its server processes' CPU time). */
    databaseName: new URL(target.url).pathname.slice(1),
    /** The COPY itself: entity first (outside the timing would not change it: one row). */
    run: () =>
      target.database.bulk(async (session) => {
        for (const part of parts) {
          await session.copyText(
            part.table,
            part.columns,
            createReadStream(join(work, `${part.table}.copy`), { encoding: 'utf8', highWaterMark: 1024 * 1024 }),
          );
        }
      }),
    drop: () => target.drop(),
  };
}
