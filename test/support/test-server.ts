// The PostgreSQL server tests and benchmarks make their databases on (support/db.ts): DATABASE_URL's,
// or else an embedded one started here in a temporary folder, for one run, and removed after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPERUSER, startCluster } from '../../src/db/embedded.ts';

/**
 * Starts an embedded server unless DATABASE_URL or CASSA_TEST_DATABASE_URL names one, and sets
 * CASSA_TEST_DATABASE_URL to its superuser URL (child processes inherit it). Resolves to the function
 * that stops it and removes its folder (nothing to do when the server was given).
 */
export async function ensureTestServer(
  options: { maxConnections?: number; durable?: boolean } = {},
): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL || process.env.CASSA_TEST_DATABASE_URL) return async () => {};
  const folder = mkdtempSync(join(tmpdir(), 'cassa-test-'));
  // Not durable unless asked (benchmarks): the cluster lives for this run only, and fsync would only
  // slow it down.
  const cluster = await startCluster(join(folder, 'postgres'), { durable: false, ...options });
  process.env.CASSA_TEST_DATABASE_URL = cluster.url(SUPERUSER, 'postgres');
  return async () => {
    await cluster.stop();
    delete process.env.CASSA_TEST_DATABASE_URL;
    rmSync(folder, { recursive: true, force: true });
  };
}
