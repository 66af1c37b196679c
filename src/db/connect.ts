// Which PostgreSQL Cassa uses: the one DATABASE_URL names, or the embedded server in DATA_DIR/postgres
// (embedded.ts), set up as production should be (ADR 0025): the database "cassa" is owned by the role
// cassa_owner, which migrates it, and Cassa works as cassa_app, which cannot change the audit log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';
import { type Database, openDatabase } from './database.ts';
import { SUPERUSER, startCluster } from './embedded.ts';
import { migrateAsOwner } from './roles.ts';

export const EMBEDDED_DATABASE = 'cassa';
export const OWNER_ROLE = 'cassa_owner';
export const APP_ROLE = 'cassa_app';

export interface Connected {
  /** Cassa's database as the application role; close() also stops an embedded server this process owns. */
  readonly database: Database;
  /** The connection string of the owner of the tables (migrations, restore), when it is another role. */
  readonly ownerUrl: string | undefined;
  /** The migrations this connection applied (none when the database was up to date). */
  readonly applied: string[];
}

export interface ConnectOptions {
  poolSize: number;
  /** The HTTP server: it takes over an embedded server it finds running, and stops it when it ends. */
  adopt?: boolean;
  /** Where a lost connection is reported. */
  logger?: Logger;
}

/** Opens Cassa's database (starting the embedded server when DATABASE_URL is not set) and migrates it. */
export async function connectDatabase(config: Config, options: ConnectOptions): Promise<Connected> {
  const opened: Omit<Connected, 'applied'> = config.databaseUrl
    ? {
        database: await openDatabase({
          databaseUrl: config.databaseUrl,
          poolSize: options.poolSize,
          logger: options.logger,
        }),
        ownerUrl: config.migrationDatabaseUrl,
      }
    : await connectEmbedded(config.dataDir, options);
  // A failed migration must not leave the pool open: the process would wait for it to time out.
  const applied = await migrateAsOwner(opened.database.db, {
    databaseUrl: opened.database.connectionString,
    migrationDatabaseUrl: opened.ownerUrl,
  }).catch(async (error: unknown) => {
    await opened.database.close();
    throw error;
  });
  return { ...opened, applied };
}

async function connectEmbedded(dataDir: string, options: ConnectOptions): Promise<Omit<Connected, 'applied'>> {
  refusePglite(dataDir);
  const cluster = await startCluster(join(dataDir, 'postgres'), { adopt: options.adopt });
  try {
    await ensureDatabase(cluster.url(SUPERUSER, 'postgres'));
    const database = await openDatabase({
      databaseUrl: cluster.url(APP_ROLE, EMBEDDED_DATABASE),
      poolSize: options.poolSize,
      embedded: true,
      logger: options.logger,
    });
    return {
      database: {
        ...database,
        close: async () => {
          await database.close();
          await cluster.stop();
        },
      },
      ownerUrl: cluster.url(OWNER_ROLE, EMBEDDED_DATABASE),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/**
 * Earlier versions of Cassa kept the embedded database with PGlite, in DATA_DIR/pglite. PostgreSQL
 * cannot open those files: the data moves over as a backup (docs/adr/0027-embedded-postgresql.md).
 */
export function refusePglite(dataDir: string): void {
  const old = join(dataDir, 'pglite');
  if (!existsSync(join(old, 'PG_VERSION'))) return;
  throw new Error(
    `${old} holds the PGlite database of an earlier Cassa version, which this version cannot open (the embedded database is now PostgreSQL, in ${join(dataDir, 'postgres')}). ` +
      'To move its data: with the earlier Cassa run "cassa backup --out FILE"; then move the pglite folder away (or use a new DATA_DIR) and with this version run "cassa restore FILE".',
  );
}

/** Creates the two roles and the database when missing (the cluster's superuser connects over the socket). */
async function ensureDatabase(superuserUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (!rowCount) await client.query(`CREATE ROLE ${role} LOGIN`).catch(unlessRaced);
    }
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE} OWNER ${OWNER_ROLE}`).catch(unlessRaced);
    }
  } finally {
    await client.end();
  }
}

/** Two processes starting at once both create: the one that comes second finds it made (42710, 42P04, 23505). */
function unlessRaced(error: unknown): void {
  if (!['42710', '42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
}
