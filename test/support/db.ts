// A fresh database for each test file: PGlite in memory, or — when DATABASE_URL is set — a new
// PostgreSQL database created for the file and dropped at the end. No mocks of our own database.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Schema } from '../../src/db/schema.ts';

export interface TestDatabase {
  database: Database;
  /** Connection string of the fresh PostgreSQL database (undefined on PGlite). */
  url: string | undefined;
  /** The same database as the owner of its tables (undefined on PGlite). */
  ownerUrl: string | undefined;
  /** Runs fn as the owner of the tables (what an attacker with owner rights could do). */
  asOwner<T>(fn: (db: Kysely<Schema>) => Promise<T>): Promise<T>;
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
    return {
      database,
      url: undefined,
      ownerUrl: undefined,
      asOwner: (fn) => fn(database.db),
      drop: () => database.close(),
    };
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
    ownerUrl: url.toString(),
    asOwner: (fn) => fn(database.db),
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      // pg's pool.end() resolves before its sockets have closed: give them a moment, so the drop does
      // not have to cut them (FORCE only as the last resort).
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name}${attempt < 20 ? '' : ' WITH (FORCE)'}`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      await client.end();
    },
  };
}
