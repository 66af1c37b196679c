// Background jobs on pg-boss, in the same PostgreSQL database as everything else. A job is a
// definition (definitions.ts: name and payload schema) and a handler that calls a service; handlers
// are safe to run twice. Jobs are enqueued in the same transaction as the write that needs them (pass
// that transaction to enqueue), with the id of the request that asked for them.
import type { Kysely } from 'kysely';
import { PgBoss } from 'pg-boss';
import { type Database, kyselyExecutor } from '../db/database.ts';
import { resilientClient } from '../db/pg-client.ts';
import { schemaExists } from '../db/roles.ts';
import type { Schema } from '../db/schema.ts';
import { type Logger, REQUEST_ID_PATTERN, silentLogger } from '../shared/logger.ts';
import { type Metrics, noMetrics } from '../shared/metrics.ts';
import { InvalidJobPayload, type JobDefinition, type JobOrigin } from './definitions.ts';

/** One run of a job, as its handler sees it. */
export interface JobRun {
  /** pg-boss's id of the job; absent when a test calls the handler itself. */
  readonly jobId?: string | undefined;
  /** The request that enqueued the job, else `job:<jobId>`: its audit records and log lines carry it. */
  readonly requestId?: string | undefined;
  readonly log: Logger;
}

export interface JobHandler {
  name: string;
  cron?: string | undefined;
  /** How long a job may run before pg-boss considers its worker gone and retries it (default 15 min). */
  expireInSeconds?: number | undefined;
  /** Checks the payload against the job's definition (InvalidJobPayload, nothing done), then works. */
  handle(data: unknown, run?: Partial<JobRun>): Promise<void>;
}

/** A handler for `job`: `work` gets the payload only once the definition has accepted it. */
export function jobHandler<P>(
  job: JobDefinition<P>,
  work: (payload: P & JobOrigin, run: JobRun) => Promise<void>,
  options: { expireInSeconds?: number } = {},
): JobHandler {
  return {
    name: job.name,
    cron: job.cron,
    expireInSeconds: options.expireInSeconds,
    async handle(data, run = {}) {
      const checked = job.check(data);
      if (!checked.ok) throw new InvalidJobPayload(job.name, checked.problems);
      const requestId = checked.payload.requestId ?? run.requestId;
      await work(checked.payload, { ...run, requestId, log: run.log ?? silentLogger });
    },
  };
}

/**
 * Runs one job as a worker does: with a logger bound to the job's id and request id (the one its
 * payload carries, else `job:<id>`), counting how it ended. A refused payload or a failure is logged
 * and rethrown, so pg-boss records the failure (and retries it, up to the queue's limit).
 */
export async function runJob(
  handler: JobHandler,
  job: { id: string; data: unknown },
  deps: { logger: Logger; metrics: Pick<Metrics, 'jobRun'> },
): Promise<void> {
  const carried = (job.data as JobOrigin | null)?.requestId;
  const requestId = typeof carried === 'string' && REQUEST_ID_PATTERN.test(carried) ? carried : `job:${job.id}`;
  const log = deps.logger.child({ job: handler.name, jobId: job.id, requestId });
  try {
    await handler.handle(job.data, { jobId: job.id, requestId, log });
    deps.metrics.jobRun(handler.name, 'completed');
  } catch (error) {
    const invalid = error instanceof InvalidJobPayload;
    deps.metrics.jobRun(handler.name, invalid ? 'invalid' : 'failed');
    if (invalid) log.error({}, error.message);
    else log.error({ err: error }, 'job failed; pg-boss retries it');
    throw error;
  }
}

export interface EnqueueOptions {
  /** A transaction: the job then exists only if it commits. */
  db?: Kysely<Schema> | undefined;
  /** The request asking for the job (Actor.requestId); dropped unless it is a safe token. */
  requestId?: string | undefined;
}

export interface QueueDepth {
  name: string;
  /** Waiting to run (now or later). */
  queued: number;
  active: number;
  /** Failed jobs pg-boss still keeps (a rolling count, not an all-time total). */
  failed: number;
}

export interface Jobs {
  /** Enqueues a job; a payload its definition refuses throws InvalidJobPayload here, and nothing is sent. */
  enqueue<P>(job: JobDefinition<P>, payload: P, options?: EnqueueOptions): Promise<void>;
  /** Creates the queues and, when this process works, starts consuming them. */
  register(handlers: JobHandler[]): Promise<void>;
  /** The depth of each registered queue, for the metrics (up to a minute old). */
  depths(): Promise<QueueDepth[]>;
  /** Stops taking jobs, lets running handlers finish for up to `graceMs` (default 10 s), then closes. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts pg-boss on the database; `work: false` only enqueues (e.g. a web-only process). */
export async function startJobs(
  database: Database,
  options: { work: boolean; logger?: Logger; metrics?: Pick<Metrics, 'jobRun'> },
): Promise<Jobs> {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noMetrics;
  // pg-boss's own pool gets the client that survives a cut connection (see db/pg-client.ts); pg-boss
  // hands its options to pg's Pool, though its declared type leaves this one out.
  const connection = { connectionString: database.connectionString, Client: resilientClient(logger) };
  const boss = new PgBoss({
    ...connection,
    schema: 'pgboss',
    // pg-boss's own statements (fetching, completing, scheduling) are short; the jobs' work runs on
    // Cassa's pool. Its default of 10 connections kept 5 server processes busy polling at rest
    // (npm run bench:startup).
    max: 3,
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists: the
    // application role of a two-role set-up has not (the migrations create the schema: db/roles.ts).
    createSchema: !(await schemaExists(database.db, 'pgboss')),
    schedule: options.work,
    supervise: options.work,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'background jobs: pg-boss reported an error'));
  await boss.start();
  // Queues this process has created: pg-boss then knows them without a query. Enqueueing to an unknown
  // queue (a job this process never registered: a mistake) is refused at once.
  const registered = new Set<string>();

  return {
    async enqueue(job, payload, enqueueOptions = {}) {
      if (!registered.has(job.name)) throw new Error(`job queue ${job.name} is not registered in this process`);
      const { requestId, db } = enqueueOptions;
      const data = { ...payload, ...(requestId && REQUEST_ID_PATTERN.test(requestId) && { requestId }) };
      const checked = job.check(data);
      if (!checked.ok) throw new InvalidJobPayload(job.name, checked.problems);
      await boss.send(job.name, data, db ? { db: kyselyExecutor(db) } : {});
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
          for (const job of jobs) await runJob(handler, job, { logger, metrics });
        });
        if (handler.cron) await boss.schedule(handler.name, handler.cron);
      }
    },
    async depths() {
      // pg-boss's counts, recomputed at most once a minute (it spares the job table a scan per read).
      const depths: QueueDepth[] = [];
      for (const name of registered) {
        const [stats] = await boss.getQueueStats(name, { force: true });
        if (stats)
          depths.push({ name, queued: stats.queuedCount, active: stats.activeCount, failed: stats.failedCount });
      }
      return depths;
    },
    stop: (graceMs = 10_000) => boss.stop({ graceful: true, timeout: graceMs }),
  };
}
