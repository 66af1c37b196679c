// `cassa …` (src/cli.ts) run as a real process, against PGlite in a data directory (DATA_DIR) or,
// when DATABASE_URL is set, a fresh PostgreSQL database of its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteDirIn } from '../../src/db/database.ts';
import { createServices, type Services } from '../../src/services.ts';
import { freshDatabase } from './db.ts';

const root = join(import.meta.dirname, '..', '..');

export interface CliData {
  /** The CLI's DATA_DIR (a new temporary directory), where a test may also write its files. */
  dataDir: string;
  /** The fresh PostgreSQL database's URL, or undefined on PGlite (in dataDir). */
  databaseUrl: string | undefined;
  /** The same database as the owner of its tables (undefined on PGlite). */
  ownerUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * A data directory and a fresh, migrated database there (or on PostgreSQL), with what `seed` writes
 * through the services. PGlite allows one process at a time: it is closed before the CLI opens it.
 */
export async function cliData(prefix: string, seed: (services: Services) => Promise<void>): Promise<CliData> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const onPostgres = Boolean(process.env.DATABASE_URL);
  const db = onPostgres ? await freshDatabase() : await freshDatabase({ pgliteDir: pgliteDirIn(dataDir) });
  await seed(createServices(db.database));
  if (!onPostgres) await db.database.close();
  return {
    dataDir,
    databaseUrl: db.url,
    ownerUrl: db.ownerUrl,
    close: async () => {
      if (onPostgres) await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `cassa args…` on the data directory and database (DATABASE_URL emptied on PGlite); `env` adds to the environment. */
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
