// Background jobs on pg-boss, in the same PostgreSQL database as everything else. A job
// is a name, a payload and a handler that calls a service; handlers are safe to run twice. Jobs are
// enqueued in the same transaction as the write that needs them (pass that transaction to enqueue).
import type { Kysely } from 'kysely';
import { PgBoss } from 'pg-boss';
import { type Database, kyselyExecutor } from '../db/database.ts';
import { ResilientClient } from '../db/pg-client.ts';
import { schemaExists } from '../db/roles.ts';
import type { Schema } from '../db/schema.ts';

export interface JobHandler {
  name: string;
  /** Cron expression (UTC) for recurring jobs. */
  cron?: string;
  /** How long a job may run before pg-boss considers its worker gone and retries it (default 15 min). */
  expireInSeconds?: number;
  handle(data: unknown): Promise<void>;
}

export interface Jobs {
  /** Enqueues a job; with `db` (a transaction) the job exists only if that transaction commits. */
  enqueue(name: string, data: object, db?: Kysely<Schema>): Promise<void>;
  /** Creates the queues and, when this process works, starts consuming them. */
  register(handlers: JobHandler[]): Promise<void>;
  /** Stops taking jobs, lets running handlers finish for up to `graceMs` (default 10 s), then closes. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts pg-boss on the database; `work: false` only enqueues (e.g. a web-only process). */
export async function startJobs(
  database: Database,
  options: { work: boolean; onError?: (error: unknown) => void },
): Promise<Jobs> {
  // pg-boss's own pool gets the client that survives a cut connection (see db/pg-client.ts); pg-boss
  // hands its options to pg's Pool, though its declared type leaves this one out.
  const connection = { connectionString: database.connectionString, Client: ResilientClient };
  const boss = new PgBoss({
    ...connection,
    schema: 'pgboss',
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists: the
    // application role of a two-role set-up has not (the migrations create the schema: db/roles.ts).
    createSchema: !(await schemaExists(database.db, 'pgboss')),
    schedule: options.work,
    supervise: options.work,
  });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  // Queues this process has created: pg-boss then knows them without a query. Enqueueing to an unknown
  // queue (a job this process never registered: a mistake) is refused at once.
  const registered = new Set<string>();
  return {
    async enqueue(name, data, db) {
      if (!registered.has(name)) throw new Error(`job queue ${name} is not registered in this process`);
      await boss.send(name, data, db ? { db: kyselyExecutor(db) } : {});
    },
    async register(handlers) {
      for (const handler of handlers) {
        registered.add(handler.name);
        await boss.createQueue(handler.name, {
          ...(handler.expireInSeconds && { expireInSeconds: handler.expireInSeconds }),
          retryLimit: 3,
          retryBackoff: true,
        });
        if (!options.work) continue;
        await boss.work(handler.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await handler.handle(job.data);
        });
        if (handler.cron) await boss.schedule(handler.name, handler.cron);
      }
    },
    stop: (graceMs = 10_000) => boss.stop({ graceful: true, timeout: graceMs }),
  };
}
