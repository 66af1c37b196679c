// Bulk upload through the API (GPD's file routes): the file is stored, processed by a background job,
// and read back through the status and report routes. Real pg-boss workers on the test database.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { insertImport } from '../src/modules/positions/import/import.db.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';

const MAX_BYTES = 64 * 1024;
const BASE = '/api/gpd/v3/organizations';

let ctx: TestContext;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let entityA: Entity;
let keyA: string;
let keyB: string;

before(async () => {
  ctx = await testContext();
  jobs = await startJobs(ctx.db.database, { work: true });
  services = createServices(ctx.db.database, {
    clock: ctx.clock,
    jobs,
    config: { importMaxBytes: MAX_BYTES, importMaxRows: 1000 },
  });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent', importMaxBytes: MAX_BYTES });
  entityA = await services.entities.create(ENTITY_A, testActor);
  await services.entities.create(ENTITY_B, testActor);
  keyA = (await services.apiKeys.create(ENTITY_A.fiscalCode, 'test', testActor)).key;
  keyB = (await services.apiKeys.create(ENTITY_B.fiscalCode, 'test', testActor)).key;
});
after(async () => {
  await app.close();
  await jobs.stop();
  await ctx.close();
});

const send = (key: string, options: InjectOptions) =>
  app.inject({ ...options, headers: { authorization: `Bearer ${key}`, ...(options.headers ?? {}) } });
const filesUrl = (cf = ENTITY_A.fiscalCode) => `${BASE}/${cf}/debtpositions/file`;

const HEADER = 'iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category';
const line = (iupd: string, amount = '10,00') =>
  `${iupd};RSSMRA80A01H501U;Mario Rossi;Tassa ${iupd};${amount};30/09/2027;9/0101101IM/`;
const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** A multipart/form-data body with one file part, encoded by hand. */
function multipart(fileName: string, content: string | Buffer, field = 'file') {
  const boundary = `----cassa${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(
  fileName: string,
  content: string | Buffer,
  opts: { method?: 'POST' | 'PUT'; query?: string } = {},
) {
  return send(keyA, {
    method: opts.method ?? 'POST',
    url: `${filesUrl()}${opts.query ?? ''}`,
    ...multipart(fileName, content),
  });
}

/** Polls the status route until the upload is no longer in progress (at most ~30 s). */
async function finished(location: string) {
  for (let i = 0; i < 300; i++) {
    const res = await send(keyA, { method: 'GET', url: location });
    assert.equal(res.statusCode, 200, res.body);
    const status = res.json();
    if (status.operationStatus !== 'IN_PROGRESS') return status;
    await sleep(100);
  }
  throw new Error(`the upload at ${location} did not finish within 30 s`);
}

async function uploadAndWait(
  fileName: string,
  content: string | Buffer,
  opts: { method?: 'POST' | 'PUT'; query?: string } = {},
) {
  const res = await upload(fileName, content, opts);
  assert.equal(res.statusCode, 202, res.body);
  const location = res.headers.location as string;
  assert.match(location, new RegExp(`^${filesUrl()}/${res.json().fileId}/status$`));
  const status = await finished(location);
  const report = await send(keyA, { method: 'GET', url: location.replace(/status$/, 'report') });
  assert.equal(report.statusCode, 200, report.body);
  return { status, report: report.json(), fileId: res.json().fileId as string };
}

const getPosition = (iupd: string) =>
  send(keyA, { method: 'GET', url: `${BASE}/${ENTITY_A.fiscalCode}/debtpositions/${iupd}` });
const countRows = async (table: 'positions' | 'imports') =>
  Number(
    (
      await ctx.db.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('bulk upload of a CSV file', () => {
  test('POST → 202 with Location; the job imports it; report and positions show the result', async () => {
    const { status, report } = await uploadAndWait(
      'tari.csv',
      csv(HEADER, line('API-1'), line('API-2'), line('API-3')),
    );
    assert.equal(status.operationStatus, 'COMPLETED');
    assert.deepEqual([status.submittedItem, status.processedItem], [3, 3]);
    assert.equal(report.responses.length, 1);
    assert.equal(report.responses[0].statusCode, 200);
    assert.match(report.responses[0].statusMessage, /created 3, updated 0, unchanged 0/);
    assert.deepEqual(report.rows, []);

    const list = await send(keyA, { method: 'GET', url: `${BASE}/${ENTITY_A.fiscalCode}/debtpositions?limit=50` });
    assert.equal(list.statusCode, 200);
    const iupds = list.json().payment_position_list.map((p: { iupd: string }) => p.iupd);
    assert.deepEqual(iupds.filter((i: string) => i.startsWith('API-')).sort(), ['API-1', 'API-2', 'API-3']);
    const one = await getPosition('API-1');
    assert.equal(one.json().paymentOption[0].installments[0].amount, 1000);
  });

  test('a bad file completes unsuccessfully, names each row and field, and creates nothing', async () => {
    const positions = await countRows('positions');
    const { status, report } = await uploadAndWait(
      'bad.csv',
      csv(HEADER, line('BAD-1'), line('BAD-2', '-3'), line('BAD-3'), line('BAD-1')),
    );
    assert.equal(status.operationStatus, 'COMPLETED_UNSUCCESSFULLY');
    assert.deepEqual(
      report.rows.map((r: { row: number; field: string }) => [r.row, r.field]),
      [
        [3, 'amount'],
        [5, 'iupd'],
      ],
    );
    assert.ok(report.responses.every((r: { statusCode: number }) => r.statusCode === 400));
    assert.match(report.responses[0].statusMessage, /^row 3: amount/);
    assert.equal(await countRows('positions'), positions);
    assert.equal((await getPosition('BAD-2')).statusCode, 404);
  });

  test('PUT updates changed positions (POST refuses them) and keeps their notice numbers', async () => {
    await uploadAndWait('first.csv', csv(HEADER, line('UPS-1'), line('UPS-2')));
    const nav = (await getPosition('UPS-2')).json().paymentOption[0].installments[0].nav;
    const changed = csv(HEADER, line('UPS-1'), line('UPS-2', '25,00'), line('UPS-3'));

    const post = await uploadAndWait('changed.csv', changed);
    assert.equal(post.status.operationStatus, 'COMPLETED_UNSUCCESSFULLY');
    assert.deepEqual(
      post.report.rows.map((r: { row: number; iupd: string }) => [r.row, r.iupd]),
      [[3, 'UPS-2']],
    );
    assert.equal((await getPosition('UPS-3')).statusCode, 404);

    const put = await uploadAndWait('changed.csv', changed, { method: 'PUT' });
    assert.equal(put.status.operationStatus, 'COMPLETED');
    assert.match(put.report.responses[0].statusMessage, /created 1, updated 1, unchanged 1/);
    const updated = (await getPosition('UPS-2')).json().paymentOption[0].installments[0];
    assert.deepEqual([updated.amount, updated.nav], [2500, nav]);
  });

  test('format from the query string; toPublish publishes', async () => {
    const { status } = await uploadAndWait('export', csv(HEADER, line('FMT-1')), {
      query: '?format=csv&toPublish=true',
    });
    assert.equal(status.operationStatus, 'COMPLETED');
    assert.equal((await getPosition('FMT-1')).json().status, 'VALID');
  });
});

describe('status and report', () => {
  test('an upload not processed yet: status IN_PROGRESS, report 425', async () => {
    const id = randomUUID();
    await insertImport(ctx.db.database.db, {
      id,
      entity_id: entityA.id,
      source: 'api',
      file_name: 'waiting.csv',
      format: 'csv',
      mode: 'create',
      status: 'RECEIVED',
      byte_size: 10,
      actor: 'test',
    });
    const status = await send(keyA, { method: 'GET', url: `${filesUrl()}/${id}/status` });
    assert.equal(status.json().operationStatus, 'IN_PROGRESS');
    const report = await send(keyA, { method: 'GET', url: `${filesUrl()}/${id}/report` });
    assert.equal(report.statusCode, 425);
    assert.equal(report.json().code, 'REPORT_NOT_READY');
  });

  test("entity B cannot read entity A's upload: the same 404 as a file that does not exist", async () => {
    const { fileId } = await uploadAndWait('mine.csv', csv(HEADER, line('OWN-1')));
    const missing = await send(keyB, { method: 'GET', url: `${filesUrl(ENTITY_B.fiscalCode)}/${randomUUID()}/status` });
    assert.equal(missing.statusCode, 404);
    for (const url of [
      `${filesUrl(ENTITY_B.fiscalCode)}/${fileId}/status`,
      `${filesUrl(ENTITY_B.fiscalCode)}/${fileId}/report`,
      `${filesUrl()}/${fileId}/status`,
      `${filesUrl()}/${fileId}/report`,
    ]) {
      const res = await send(keyB, { method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json(), missing.json(), url);
    }
    assert.equal((await send(keyA, { method: 'GET', url: `${filesUrl()}/${fileId}/status` })).statusCode, 200);
  });
});

describe('refused uploads', () => {
  test('a file name without a known extension and no format → 415', async () => {
    const imports = await countRows('imports');
    const res = await upload('positions.xlsx', csv(HEADER, line('XLS-1')));
    assert.equal(res.statusCode, 415);
    assert.equal(res.json().code, 'UNSUPPORTED_FORMAT');
    assert.equal(await countRows('imports'), imports);
  });

  test('a body that is not multipart → 415', async () => {
    const res = await send(keyA, {
      method: 'POST',
      url: filesUrl(),
      payload: csv(HEADER, line('RAW-1')),
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(res.statusCode, 415);
    const json = await send(keyA, { method: 'POST', url: filesUrl(), payload: [] });
    assert.equal(json.statusCode, 415);
  });

  test('a file larger than importMaxBytes → 413 and no import record is left', async () => {
    const imports = await countRows('imports');
    const rows = Array.from({ length: 2000 }, (_, i) => line(`BIG-${i}`));
    const content = csv(HEADER, ...rows);
    assert.ok(content.length > MAX_BYTES);
    const res = await upload('big.csv', content);
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await countRows('imports'), imports);
    assert.equal((await getPosition('BIG-0')).statusCode, 404);
  });
});
