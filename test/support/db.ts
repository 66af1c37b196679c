// A fresh database for each test file: PGlite in memory, or — when DATABASE_URL is set — a new
// PostgreSQL database created for the file and dropped at the end. No mocks of our own database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDatabase {
  database: Database;
  /** Connection string of the fresh PostgreSQL database (undefined on PGlite). */
  url: string | undefined;
  drop(): Promise<void>;
}

/**
 * A new, migrated database: PGlite (in memory, or in `pgliteDir`), or a new PostgreSQL database
 * next to DATABASE_URL's when that is set (also used by the benchmarks).
 */
export async function freshDatabase(options: { pgliteDir?: string; prefix?: string } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({ pgliteDir: options.pgliteDir ?? 'memory://' });
    await migrateToLatest(database.db);
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `${options.prefix ?? 'cassa_test'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await migrateToLatest(database.db);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
