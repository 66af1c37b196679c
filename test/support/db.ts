// A fresh database for each test file: PGlite in memory, or — when DATABASE_URL is set — a new
// PostgreSQL database created for the file and dropped at the end. No mocks of our own database.
// On PostgreSQL the file's database is set up as production should be (ADR 0025): created for and
// migrated by the owner role cassa_owner, then used by Cassa as the application role cassa_app,
// which cannot change the audit log. DATABASE_URL's user (a superuser) creates the roles if missing.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { grantAppRole } from '../../src/db/roles.ts';
import type { Schema } from '../../src/db/schema.ts';

export const OWNER_ROLE = 'cassa_owner';
export const APP_ROLE = 'cassa_app';

export interface TestDatabase {
  database: Database;
  /** Connection string of the fresh PostgreSQL database, as the application role (undefined on PGlite). */
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
/** `migrated: false` leaves the database empty, for tests of the migrations themselves (run as the owner). */
export async function freshDatabase(
  options: { pgliteDir?: string; prefix?: string; migrated?: boolean } = {},
): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({ pgliteDir: options.pgliteDir ?? 'memory://' });
    if (options.migrated !== false) await migrateToLatest(database.db);
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
  await ensureRoles(admin);
  await admin.query(`CREATE DATABASE ${name} OWNER ${OWNER_ROLE}`);
  await admin.end();
  const urlAs = (role: string) => {
    const url = new URL(base);
    url.pathname = `/${name}`;
    url.username = role;
    url.password = '';
    return url.toString();
  };
  const ownerUrl = urlAs(OWNER_ROLE);
  const url = urlAs(APP_ROLE);
  if (options.migrated !== false) {
    const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 2 });
    try {
      await migrateToLatest(owner.db);
      await grantAppRole(owner.db, APP_ROLE);
    } finally {
      await owner.close();
    }
  }
  const database = await openDatabase({ databaseUrl: url, poolSize: 20 });
  return {
    database,
    url,
    ownerUrl,
    asOwner: async (fn) => {
      const asOwner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 2 });
      try {
        return await fn(asOwner.db);
      } finally {
        await asOwner.close();
      }
    },
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

/** Creates the two roles when missing (test files start in parallel: a concurrent creation is fine). */
async function ensureRoles(admin: pg.Client): Promise<void> {
  for (const role of [OWNER_ROLE, APP_ROLE]) {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (rowCount) continue;
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
    } catch (error) {
      // 42710: duplicate_object; 23505: the same creation racing in another process.
      if (!['42710', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  }
}
