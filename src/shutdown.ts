// Graceful shutdown on SIGTERM or SIGINT (battery B5). The server stops accepting connections at
// once (a new connection is refused; a request arriving on a kept-alive one gets Fastify's 503 with
// Connection: close); requests in flight finish and are answered in full; the job workers stop
// taking jobs and running handlers finish; then webhook deliveries settle and the database closes,
// and the process exits 0. All of it within the grace period: what is still running then is cut off
// (its connection reset, its transaction rolled back by the database, an import's lease left to run
// out for another worker) and the process exits 1.
import type { FastifyInstance } from 'fastify';
import type { Database } from './db/database.ts';
import type { Jobs } from './jobs/boss.ts';

export interface Running {
  app: FastifyInstance;
  jobs: Jobs;
  webhooks: { settled(): Promise<void> };
  database: Database;
}

/** Drains and closes everything; resolves with the exit code (0 drained, 1 cut off at the grace). */
export async function drainAndClose(running: Running, graceMs: number): Promise<0 | 1> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  const drain = (async () => {
    await Promise.all([running.app.close(), running.jobs.stop(graceMs)]);
    await running.webhooks.settled();
    await running.database.close();
    return 'done' as const;
  })();
  const outcome = await Promise.race([drain, late]);
  clearTimeout(timer);
  if (outcome === 'done') return 0;
  running.app.log.warn({ graceMs }, 'shutdown: grace period over, cutting off what is still running');
  running.app.server.closeAllConnections();
  return 1;
}
