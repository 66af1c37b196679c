// A fresh database for each test file: a new PostgreSQL database created for the file and dropped at
// the end, on the server DATABASE_URL names or else on the embedded server `npm test` started for the
// run (scripts/test.ts passes its superuser URL as CASSA_TEST_DATABASE_URL). No mocks of our own
// database. The file's database is set up as production should be (ADR 0025): created for and
// migrated by the owner role cassa_owner, then used by Cassa as the application role cassa_app,
// which cannot change the audit log. The server's superuser creates the roles if missing.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { APP_ROLE, OWNER_ROLE } from '../../src/db/connect.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { grantAppRole } from '../../src/db/roles.ts';
import type { Schema } from '../../src/db/schema.ts';

export { APP_ROLE, OWNER_ROLE };

export interface TestDatabase {
  database: Database;
  /** Connection string of the fresh database, as the application role. */
  url: string;
  /** The same database as the owner of its tables. */
  ownerUrl: string;
  /** Runs fn as the owner of the tables (what an attacker with owner rights could do). */
  asOwner<T>(fn: (db: Kysely<Schema>) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

/** The superuser URL of the server the tests' databases are made on. */
export function testServerUrl(): string {
  const url = process.env.DATABASE_URL || process.env.CASSA_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'No PostgreSQL for the tests: run them with `npm test -- FILE` (it starts an embedded server for the run), or set DATABASE_URL (or CASSA_TEST_DATABASE_URL) to a superuser URL',
    );
  }
  return url;
}

/**
 * A new, migrated database next to the test server's (also used by the benchmarks). `migrated: false`
 * leaves it empty, for tests of the migrations themselves (run as the owner).
 */
export async function freshDatabase(options: { prefix?: string; migrated?: boolean } = {}): Promise<TestDatabase> {
  const base = testServerUrl();
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
  const database = await openDatabase({ databaseUrl: url, poolSize: 20, embedded: !process.env.DATABASE_URL });
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
