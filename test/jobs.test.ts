// Job definitions: a payload the definition refuses fails where it is enqueued (nothing sent), and
// a handler given one fails the job with a clear log line and does nothing. A job a request enqueued
// carries the request's id into its log lines and audit records; a scheduled job its own id.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { type Jobs, runJob, startJobs } from '../src/jobs/boss.ts';
import { IMPORT_JOB, InvalidJobPayload, PRINT_JOB, SWEEP_JOB } from '../src/jobs/definitions.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { recordingLogger } from '../src/shared/logger.ts';
import { recordingMetrics } from '../src/shared/metrics.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';

let db: TestDatabase;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
let key: string;
const clock = fixedClock('2026-06-15T10:00:00Z');

before(async () => {
  db = await freshDatabase();
  jobs = await startJobs(db.database, { work: false }); // queues only: the tests run the handlers
  services = createServices(db.database, { clock, jobs });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent' });
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
  await services.positions.create(entity, singlePayment('JOB-1'), { toPublish: true }, testActor);
});
after(async () => {
  await app.close();
  await jobs.stop();
  await db.drop();
});

const queued = async (name: string) =>
  (
    await sql<{ id: string; data: Record<string, unknown> }>`SELECT id, data FROM pgboss.job WHERE name = ${name}
      ORDER BY created_on`.execute(db.database.db)
  ).rows;
const handlerOf = (name: string) => jobHandlers(services).find((h) => h.name === name)!;
const auditOf = async (subjectId: string) =>
  db.database.db
    .selectFrom('audit_log')
    .select(['action', 'request_id'])
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();

describe('enqueueing', () => {
  it('refuses a payload its definition does not accept, at the call site, and sends nothing', async () => {
    const bad: [typeof PRINT_JOB | typeof IMPORT_JOB, object][] = [
      [PRINT_JOB, { printJobId: 'not-a-uuid' }],
      [PRINT_JOB, { printJobId: '01234567-89ab-7def-8123-456789abcdef', debtor: 'RSSMRA80A01H501U' }],
      [IMPORT_JOB, { importId: '01234567-89ab-7def-8123-456789abcdef' }],
      [IMPORT_JOB, { importId: '01234567-89ab-7def-8123-456789abcdef', toPublish: 'yes' }],
    ];
    for (const [job, payload] of bad) {
      // biome-ignore lint/suspicious/noExplicitAny: the point is a payload the types would refuse
      await assert.rejects(jobs.enqueue(job as any, payload), InvalidJobPayload, JSON.stringify(payload));
    }
    assert.deepEqual(await queued(PRINT_JOB.name), []);
    assert.deepEqual(await queued(IMPORT_JOB.name), []);
  });

  it('drops a request id that is not a safe token rather than carry it', async () => {
    const id = '01234567-89ab-7def-8123-456789abcdef';
    await jobs.enqueue(PRINT_JOB, { printJobId: id }, { requestId: 'bad id\n{}' });
    const [job] = await queued(PRINT_JOB.name);
    assert.deepEqual(job!.data, { printJobId: id });
    await sql`DELETE FROM pgboss.job WHERE id = ${job!.id}`.execute(db.database.db);
  });
});

describe('running', () => {
  it('a bad payload fails the job with one clear log line, counted as invalid, and nothing is done', async () => {
    const log = recordingLogger();
    const metrics = recordingMetrics();
    const before = await db.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .execute();
    await assert.rejects(
      runJob(handlerOf(PRINT_JOB.name), { id: 'job-1', data: { printJobId: 42 } }, { logger: log, metrics }),
      InvalidJobPayload,
    );
    assert.equal(log.lines.length, 1);
    assert.equal(log.lines[0]!.level, 'error');
    assert.equal(log.lines[0]!.jobId, 'job-1');
    assert.equal(log.lines[0]!.job, 'notices.print');
    assert.match(
      log.lines[0]!.msg,
      /^job notices\.print: invalid payload \(\/printJobId must be string\); nothing was done$/,
    );
    assert.equal(metrics.counts.get('jobRun notices.print invalid'), 1);
    const after = await db.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .execute();
    assert.deepEqual(after, before);
  });

  it("a job a request enqueued carries the request's id into its audit records and log lines", async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${entity.fiscalCode}/notices/print-jobs`,
      headers: { authorization: `Bearer ${key}`, 'x-request-id': 'req-print-42' },
      payload: { format: 'pdf', all: true },
    });
    assert.equal(res.statusCode, 202, res.body);
    const printJobId = res.json().id as string;
    const [job] = (await queued(PRINT_JOB.name)).filter((j) => j.data.printJobId === printJobId);
    assert.deepEqual(job!.data, { printJobId, requestId: 'req-print-42' });

    const log = recordingLogger();
    const metrics = recordingMetrics();
    await runJob(handlerOf(PRINT_JOB.name), job!, { logger: log, metrics });
    assert.equal(metrics.counts.get('jobRun notices.print completed'), 1);
    assert.deepEqual(await auditOf(printJobId), [
      { action: 'print_job.create', request_id: 'req-print-42' },
      { action: 'print_job.start', request_id: 'req-print-42' },
      { action: 'print_job.complete', request_id: 'req-print-42' },
    ]);

    // A failing run's line names the job and the request.
    const failing = { ...handlerOf(PRINT_JOB.name), handle: async () => Promise.reject(new Error('disk full')) };
    await assert.rejects(runJob(failing, job!, { logger: log, metrics }), /disk full/);
    assert.deepEqual(
      log.lines.map(({ level, job: name, jobId, requestId, msg }) => ({ level, name, jobId, requestId, msg })),
      [
        {
          level: 'error',
          name: 'notices.print',
          jobId: job!.id,
          requestId: 'req-print-42',
          msg: 'job failed; pg-boss retries it',
        },
      ],
    );
    assert.equal(metrics.counts.get('jobRun notices.print failed'), 1);
  });

  it('a scheduled job gives its own id as the request id of what it records', async () => {
    const body = singlePayment('JOB-2', 15_000, '2026-06-20');
    body.paymentOption[0]!.switchToExpired = true;
    const position = await services.positions.create(entity, body, { toPublish: true }, testActor);
    clock.set('2026-07-15T10:00:00Z');
    const metrics = recordingMetrics();
    await runJob(handlerOf(SWEEP_JOB.name), { id: 'sweep-run-7', data: null }, { logger: recordingLogger(), metrics });
    const records = await auditOf(position.id);
    assert.deepEqual(records.at(-1), { action: 'position.expire', request_id: 'job:sweep-run-7' });
    assert.equal(metrics.counts.get('jobRun positions.sweep completed'), 1);
  });
});
