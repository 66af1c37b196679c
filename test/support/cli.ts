// `cassa …` (src/cli.ts) run as a real process, against a fresh database of its own (DATABASE_URL,
// see support/db.ts), with a data directory for its files. The embedded server in DATA_DIR is tested
// in test/embedded-server.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { createServices, type Services } from '../../src/services.ts';
import { freshDatabase } from './db.ts';

const root = join(import.meta.dirname, '..', '..');

export interface CliData {
  /** The CLI's DATA_DIR (a new temporary directory), where a test may also write its files. */
  dataDir: string;
  /** The fresh database's URL (as the application role). */
  databaseUrl: string;
  /** The same database as the owner of its tables. */
  ownerUrl: string;
  close(): Promise<void>;
}

/** A data directory and a fresh, migrated database, with what `seed` writes through the services. */
export async function cliData(prefix: string, seed: (services: Services) => Promise<void>): Promise<CliData> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const db = await freshDatabase();
  await seed(createServices(db.database));
  return {
    dataDir,
    databaseUrl: db.url,
    ownerUrl: db.ownerUrl,
    close: async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `cassa args…` on the data directory and database (DATABASE_URL emptied when undefined: the embedded server); `env` adds to the environment. */
export function runCassa(
  data: { dataDir: string; databaseUrl: string | undefined },
  args: string[],
  env: Record<string, string> = {},
) {
  const result = spawnSync(process.execPath, [join(root, 'src/cli.ts'), ...args], {
    env: { ...process.env, DATA_DIR: data.dataDir, DATABASE_URL: data.databaseUrl ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Cassa's database in a DATA_DIR, opened as the CLI opens it: the embedded server there is started (or
 * found running), migrated; closing the database stops the server if this call started it.
 */
export async function openDataDir(dataDir: string): Promise<Database> {
  return (await connectDatabase(loadConfig({ DATA_DIR: dataDir }), { poolSize: 4 })).database;
}
