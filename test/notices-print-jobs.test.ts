// Bulk printing through the API: a print job is checked and queued (202 + Location), run by the
// `notices.print` job handler (called directly here: pg-boss only queues), and its file downloaded
// from the database chunks. Refusals (400), foreign jobs (404), the not-ready (425) and failed (409)
// answers, the audit trail, and a job run at most once unless its worker died.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { LostPrintJob, printJobOutput } from '../src/modules/notices/bulk/print-job-output.ts';
import { PRINT_JOB, PRINT_STALE_MS } from '../src/modules/notices/bulk/print-jobs.service.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { decodeQrCodes, pdfPageCount } from './support/pdf.ts';
import { singlePayment } from './support/positions.ts';

const BASE = `/api/v1/organizations/${ENTITY_A.fiscalCode}/notices/print-jobs`;
let ctx: TestContext;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
let keyA: string;
let keyB: string;

before(async () => {
  ctx = await testContext();
  jobs = await startJobs(ctx.db.database, { work: false }); // queues only: the test runs the handler
  services = createServices(ctx.db.database, { clock: ctx.clock, jobs });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent' });
  entity = await services.entities.create(ENTITY_A, testActor);
  const b = await services.entities.create(ENTITY_B, testActor);
  keyA = (await services.apiKeys.create(ENTITY_A.fiscalCode, 'test', testActor)).key;
  keyB = (await services.apiKeys.create(ENTITY_B.fiscalCode, 'test', testActor)).key;
  for (let i = 1; i <= 3; i++) {
    await services.positions.create(entity, singlePayment(`V-${i}`, 1000 * i), { toPublish: true }, testActor);
  }
  await services.positions.create(entity, singlePayment('D-1'), { toPublish: false }, testActor);
  await services.positions.create(
    b,
    singlePayment('B-1', 100, '2026-12-31', ENTITY_B.ibans[0]),
    { toPublish: true },
    testActor,
  );
});
after(async () => {
  await app.close();
  await jobs.stop();
  await ctx.close();
});

const send = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload && { payload }) });
/** The registered `notices.print` handler, as a worker would call it. */
const runJob = (printJobId: string) =>
  jobHandlers(services)
    .find((h) => h.name === PRINT_JOB.name)!
    .handle({ printJobId });
const db = () => ctx.db.database.db;

async function createJob(body: object) {
  const res = await send(keyA, 'POST', BASE, body);
  assert.equal(res.statusCode, 202, res.body);
  const job = res.json();
  assert.equal(res.headers.location, `${BASE}/${job.id}`);
  return job as { id: string; status: string; total: number };
}
const status = async (id: string) => {
  const res = await send(keyA, 'GET', `${BASE}/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};
const actions = async (id: string) =>
  (await db().selectFrom('audit_log').select('action').where('subject_id', '=', id).orderBy('id').execute()).map(
    (r) => r.action,
  );

describe('a print job, from request to file', () => {
  it('queues a merged PDF of every position, runs once, and serves the file from the database', async () => {
    const job = await createJob({ format: 'pdf', all: true });
    assert.equal(job.status, 'QUEUED');
    assert.equal(job.total, 4);
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = ${PRINT_JOB.name} AND data->>'printJobId' = ${job.id}`.execute(db());
    assert.equal(queued.rows[0]!.n, 1, 'the job is enqueued with the request');
    const early = await send(keyA, 'GET', `${BASE}/${job.id}/file`);
    assert.equal(early.statusCode, 425);
    assert.equal(early.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(early.json().code, 'PRINT_JOB_NOT_READY');

    await runJob(job.id);
    await runJob(job.id); // a redelivery changes nothing
    const done = await status(job.id);
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(
      { total: done.total, processed: done.processed, printed: done.printed, skipped: done.skipped },
      { total: 4, processed: 4, printed: 3, skipped: 1 },
    );
    assert.deepEqual(done.selection, { kind: 'all' });
    assert.equal(done.lang, 'it');
    assert.ok(done.startedAt && done.endedAt && done.error === null);

    const file = await send(keyA, 'GET', `${BASE}/${job.id}/file`);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /attachment; filename="avvisi-.+\.pdf"/);
    assert.equal(file.rawPayload.byteLength, done.byteSize);
    assert.equal(Number(file.headers['content-length']), done.byteSize);
    assert.equal(await pdfPageCount(file.rawPayload), 3);
    const qrs = (await decodeQrCodes(file.rawPayload)).flat();
    assert.equal(qrs.length, 3);
    assert.ok(qrs.every((q) => q.startsWith(`PAGOPA|002|`) && q.includes(`|${ENTITY_A.fiscalCode}|`)));
    assert.deepEqual(await actions(job.id), ['print_job.create', 'print_job.start', 'print_job.complete']);
  });

  it('prints a list of IUPDs as a ZIP larger than 1 MiB, stored in 1 MiB chunks and served whole', async () => {
    const iupds = Array.from({ length: 70 }, (_, i) => `Z-${String(i).padStart(3, '0')}`);
    for (const iupd of iupds) {
      await services.positions.create(entity, singlePayment(iupd, 500), { toPublish: true }, testActor);
    }
    const job = await createJob({ format: 'zip', lang: 'it-de', iupds: ['D-1', ...iupds] });
    await runJob(job.id);
    const done = await status(job.id);
    assert.equal(done.status, 'COMPLETED', done.error);
    assert.deepEqual(done.selection, { kind: 'iupds', count: 71 });
    assert.equal(done.lang, 'it-de');
    assert.equal(done.printed, 70);
    assert.equal(done.skipped, 1);
    const chunks = await db().selectFrom('print_job_chunks').select('seq').where('job_id', '=', job.id).execute();
    assert.ok(chunks.length >= 2, `${done.byteSize} bytes in ${chunks.length} chunk(s)`);
    const file = await send(keyA, 'GET', `${BASE}/${job.id}/file`);
    assert.equal(file.headers['content-type'], 'application/zip');
    assert.equal(file.rawPayload.byteLength, done.byteSize);
    const entries = unzipSync(file.rawPayload);
    assert.deepEqual(
      Object.keys(entries),
      iupds.map((i) => `${i}.pdf`),
    );
    for (const pdf of Object.values(entries)) assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
    assert.equal(await pdfPageCount(entries['Z-069.pdf']!), 1);
  });

  it('fails a job with nothing printable: the error is kept, no file, 409 for the download', async () => {
    const job = await createJob({ format: 'pdf', iupds: ['D-1'] });
    await runJob(job.id);
    const failed = await status(job.id);
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.error, /None of the 1 selected/);
    assert.equal(failed.byteSize, null);
    const file = await send(keyA, 'GET', `${BASE}/${job.id}/file`);
    assert.equal(file.statusCode, 409);
    assert.equal(file.json().code, 'PRINT_JOB_FAILED');
    const chunks = await db().selectFrom('print_job_chunks').select('seq').where('job_id', '=', job.id).execute();
    assert.equal(chunks.length, 0);
    assert.deepEqual(await actions(job.id), ['print_job.create', 'print_job.start', 'print_job.fail']);
  });
});

describe('claiming a print job', () => {
  it('leaves a running job alone and takes over one whose worker died, dropping its partial output', async () => {
    const job = await createJob({ format: 'pdf', status: 'VALID' });
    const now = ctx.clock.now();
    await db()
      .updateTable('print_jobs')
      .set({ status: 'IN_PROGRESS', started_at: now })
      .where('id', '=', job.id)
      .execute();
    await db()
      .insertInto('print_job_chunks')
      .values({ job_id: job.id, seq: 0, data: Buffer.from('junk') })
      .execute();
    await runJob(job.id);
    assert.equal((await status(job.id)).status, 'IN_PROGRESS');

    ctx.clock.advance(PRINT_STALE_MS + 1000);
    await runJob(job.id);
    const done = await status(job.id);
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.printed, 73);
    const file = await send(keyA, 'GET', `${BASE}/${job.id}/file`);
    assert.equal(await pdfPageCount(file.rawPayload), 73);
  });

  it('stops a worker that lost its job before it writes anything more', async () => {
    const job = await createJob({ format: 'pdf', iupds: ['V-1'] });
    const stale = { id: job.id, startedAt: new Date('2020-01-01T00:00:00Z') };
    const output = printJobOutput(db(), stale);
    const error = await new Promise<Error>((resolve) => {
      output.on('error', resolve);
      output.end(Buffer.alloc(10));
    });
    assert.ok(error instanceof LostPrintJob);
    const chunks = await db().selectFrom('print_job_chunks').select('seq').where('job_id', '=', job.id).execute();
    assert.equal(chunks.length, 0);
  });
});

describe('print job requests that are refused', () => {
  it('answers 400 naming the problem, and queues nothing', async () => {
    const before = await db().selectFrom('print_jobs').select('id').execute();
    const cases: [object, RegExp][] = [
      [{ format: 'pdf' }, /exactly one of iupds, status, all/],
      [{ format: 'pdf', all: true, status: 'VALID' }, /exactly one/],
      [{ format: 'pdf', all: false }, /all/],
      [{ format: 'pdf', status: 'PAID' }, /status/],
      [{ format: 'docx', all: true }, /format/],
      [{ all: true }, /format/],
      [{ format: 'pdf', all: true, lang: 'fr' }, /lang/],
      [{ format: 'pdf', all: true, copies: 2 }, /copies/],
      [{ format: 'pdf', iupds: [] }, /iupds/],
      [{ format: 'pdf', iupds: ['V-1', 'NOPE-1', 'NOPE-2'] }, /iupds\[1\].*NOPE-1/],
      [{ format: 'pdf', iupds: ['V-1', 'V-2', 'V-1'] }, /iupds\[2\].*iupds\[0\]/],
      // Both at once: the unknown and the repeated IUPD are named in one answer.
      [{ format: 'pdf', iupds: ['V-1', 'NOPE-3', 'V-1'] }, /iupds\[1\].*NOPE-3.*iupds\[2\].*iupds\[0\]/],
    ];
    for (const [body, problem] of cases) {
      const res = await send(keyA, 'POST', BASE, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.json().code, 'VALIDATION_FAILED');
      assert.match(JSON.stringify(res.json().errors), problem, JSON.stringify(body));
    }
    assert.deepEqual(await db().selectFrom('print_jobs').select('id').execute(), before);
  });

  it("answers 404 to another entity's key, and for an unknown or malformed job id", async () => {
    const job = await createJob({ format: 'pdf', iupds: ['V-2'] });
    for (const url of [`${BASE}/${job.id}`, `${BASE}/${job.id}/file`]) {
      const foreign = await send(keyB, 'GET', url);
      assert.equal(foreign.statusCode, 404);
    }
    const otherUrl = `/api/v1/organizations/${ENTITY_B.fiscalCode}/notices/print-jobs/${job.id}`;
    assert.equal((await send(keyB, 'GET', otherUrl)).statusCode, 404, "B cannot read A's job under its own URL");
    assert.equal((await send(keyA, 'GET', `${BASE}/01234567-89ab-7def-8123-456789abcdef`)).statusCode, 404);
    assert.equal((await send(keyA, 'GET', `${BASE}/not-a-uuid`)).statusCode, 404);
    assert.equal((await send(keyB, 'POST', BASE, { format: 'pdf', all: true })).statusCode, 404);
  });

  it('is documented in OpenAPI under Documents', async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    const path = spec.paths['/api/v1/organizations/{organizationfiscalcode}/notices/print-jobs'];
    assert.deepEqual(path.post.tags, ['Documents']);
    assert.equal(path.post.operationId, 'createNoticePrintJob');
    const file = spec.paths['/api/v1/organizations/{organizationfiscalcode}/notices/print-jobs/{id}/file'];
    assert.deepEqual(Object.keys(file.get.responses['200'].content).sort(), ['application/pdf', 'application/zip']);
  });
});
