// Backup and restore of the whole installation as a logical copy: every table of Cassa read in one
// read-only REPEATABLE READ transaction (a consistent instant while Cassa keeps running, on the
// embedded database and on PostgreSQL alike), and restored into an empty database migrated to the
// same version, in one transaction — all or nothing. pg-boss's queue is not copied: schedules are
// made again at start, and work in flight is found again from Cassa's own tables.

import { once } from 'node:events';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import {
  advanceSequences,
  appliedMigrations,
  countRows,
  hasRows,
  selectAllQuery,
  tablesInDependencyOrder,
} from './backup.db.ts';
import { BackupFileError, BackupWriter, readBackup, type TableSection } from './backup-file.ts';

export interface BackupSummary {
  file: string;
  createdAt: string;
  sha256: string;
  tables: TableSection[];
}

/** Writes a consistent copy of the database to `file` (gzip; created with mode 0600: it holds personal data and keys). */
export async function backupTo(database: Database, file: string, now: Date): Promise<BackupSummary> {
  const out = createWriteStream(file, { mode: 0o600, flags: 'wx' });
  await once(out, 'open');
  try {
    return { file, ...(await writeBackup(database, out, now)) };
  } catch (error) {
    rmSync(file, { force: true }); // never leave half a backup that looks like one
    throw error;
  }
}

/** Writes a consistent copy of the database, gzip-compressed, to `out` (ended when done, destroyed on failure). */
export async function writeBackup(database: Database, out: Writable, now: Date): Promise<Omit<BackupSummary, 'file'>> {
  const gzip = createGzip();
  const written = pipeline(gzip, out);
  const emit = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  const writer = new BackupWriter(emit);
  const createdAt = now.toISOString();
  try {
    const tables = await database.snapshot(async ({ db, copyOut }) => {
      const shapes = await tablesInDependencyOrder(db);
      await writer.begin({ createdAt, database: database.kind, migrations: await appliedMigrations(db) });
      const sections: TableSection[] = [];
      for (const shape of shapes) {
        const section = { ...shape, rows: await countRows(db, shape.name) };
        await writer.table(section, copyOut(selectAllQuery(shape)));
        sections.push(section);
      }
      return sections;
    });
    const sha256 = await writer.end();
    gzip.end();
    await written;
    return { createdAt, sha256, tables };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    throw error;
  }
}

/** Checks a backup file whole (format, counts, checksum) without touching any database. */
export async function checkBackup(file: string) {
  return readFileChecked(file, async () => {});
}

async function readFileChecked(file: string, visit: Parameters<typeof readBackup>[1]) {
  const gunzip = createGunzip();
  const source = createReadStream(file);
  const feeding = pipeline(source, gunzip);
  try {
    const result = await readBackup(gunzip, visit);
    await feeding;
    return result;
  } catch (error) {
    source.destroy();
    gunzip.destroy();
    await feeding.catch(() => {});
    if (error instanceof BackupFileError) throw new AppError('VALIDATION_FAILED', `${file}: ${error.message}`);
    if ((error as { code?: string }).code === 'Z_DATA_ERROR' || (error as { code?: string }).code === 'Z_BUF_ERROR') {
      throw new AppError('VALIDATION_FAILED', `${file}: not a gzip file, or damaged`);
    }
    throw error;
  }
}

/**
 * Restores `file` into `database`, which must be migrated to exactly the backup's migrations and
 * hold no data. The file is checked whole first; then every table is loaded in one transaction.
 */
export async function restoreFrom(database: Database, file: string): Promise<BackupSummary> {
  const checked = await checkBackup(file);
  const migrations = await appliedMigrations(database.db);
  if (JSON.stringify(migrations) !== JSON.stringify(checked.header.migrations)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the backup was made at migration ${checked.header.migrations.at(-1) ?? 'none'} and this database is at ${migrations.at(-1) ?? 'none'}: restore with the Cassa version that made the backup, then upgrade`,
    );
  }
  const shapes = await tablesInDependencyOrder(database.db);
  const known = new Map(shapes.map((s) => [s.name, s]));
  for (const table of checked.tables) {
    const shape = known.get(table.name);
    if (!shape || JSON.stringify(shape.columns) !== JSON.stringify(table.columns)) {
      throw new AppError('VALIDATION_FAILED', `table ${table.name} of the backup does not match this database`);
    }
  }
  for (const shape of shapes) {
    if (await hasRows(database.db, shape.name)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `the database is not empty (table ${shape.name} has rows): restore into an empty data folder or database`,
      );
    }
  }
  await database.bulk(async (session) => {
    await readFileChecked(file, async (section, lines) => {
      if (section.rows > 0) await session.copyText(section.name, section.columns, lines);
      await advanceSequences(session.db, section.name, section.columns);
    });
  });
  return { file, createdAt: checked.header.createdAt, sha256: checked.sha256, tables: checked.tables };
}
