// The process survives the database (issue 10, battery B2): connections cut in the middle of an
// import, of a burst of receipts and of API requests fail those requests cleanly (503 with
// Retry-After, PAA_SYSTEM_ERROR, a retried job), never the process; a database that is down answers
// 503, and Cassa recovers by itself when it is back.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase, testServerUrl } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, type ReceiptFields, readAnswer, receiptRequest } from './support/soap.ts';
import { type TcpProxy, tcpProxy } from './support/tcp-proxy.ts';

let testDb: TestDatabase;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
let key: string;
// Time moves (leases run out) from a fixed start, so the positions' dates stay ahead of it.
const started = Date.now();
const clock = { now: () => new Date(Date.parse('2026-06-15T10:00:00Z') + Date.now() - started) };

before(async () => {
  testDb = await freshDatabase();
  jobs = await startJobs(testDb.database, { work: true });
  // A short lease: if giving it up fails after the cut, the resume job takes the import within a minute.
  services = createServices(testDb.database, { clock, jobs, importLease: { leaseMs: 5000, renewEveryMs: 1000 } });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent' });
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
});
after(async () => {
  await app.close();
  await jobs.stop();
  await testDb.drop();
});

const dbName = () => new URL(testDb.url!).pathname.slice(1);
const db = () => testDb.database.db;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Terminates every backend of the test database, from an administrator's connection. */
async function cutConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [dbName()],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** Waits for `check` to hold, retrying through failed queries, for up to `ms`. */
async function eventually<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`${what}: not within ${ms} ms (${String(last)})`);
}

const apiGet = (target: FastifyInstance, url: string, options: Partial<InjectOptions> = {}) =>
  target.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` }, ...options });

/** A 503 as the API gives it: problem+json with Retry-After. */
function assertUnavailable(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  assert.equal(res.statusCode, 503, JSON.stringify(res.json()));
  assert.equal((res.json() as { code: string }).code, 'SERVICE_UNAVAILABLE');
  assert.match(String(res.headers['retry-after']), /^\d+$/);
}

describe('connections cut mid-transaction', () => {
  it('an import of many rows is retried by its job and imported exactly once', async () => {
    const rows = 30_000;
    const lines = ['iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category'];
    for (let i = 0; i < rows; i++)
      lines.push(`CUT-${i};RSSMRA80A01H501U;Mario Rossi;Tassa;10,00;30/09/2027;9/0101101IM/`);
    const upload = await services.imports.receiveUpload(
      entity,
      Readable.from([Buffer.from(lines.join('\n'))]),
      { format: 'csv', mode: 'create', toPublish: true, fileName: 'cut.csv' },
      testActor,
    );
    // Cut while the import's COPY session is writing.
    await eventually('the import is under way', 60_000, async () => {
      const row = await services.imports.get(entity, upload.id);
      return row.progress >= 3000 ? true : undefined;
    });
    assert.ok((await cutConnections()) > 0);
    const done = await eventually('the import is completed', 120_000, async () => {
      const row = await services.imports.get(entity, upload.id);
      return row.status === 'COMPLETED' || row.status === 'COMPLETED_UNSUCCESSFULLY' ? row : undefined;
    }).catch(async (error) => {
      const { rows: jobRows } =
        await sql`SELECT name, state, retry_count, output, started_on, completed_on FROM pgboss.job WHERE name LIKE 'positions.import%'`.execute(
          db(),
        );
      const audits = await db()
        .selectFrom('audit_log')
        .select(['action', 'after'])
        .where('subject_id', '=', upload.id)
        .execute();
      const row = await services.imports.get(entity, upload.id);
      throw new Error(`${error.message}\n${JSON.stringify({ row, jobRows, audits }, null, 1)}`);
    });
    assert.equal(done.status, 'COMPLETED');
    assert.equal(done.created_count, rows);
    const { n } = await db()
      .selectFrom('positions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('iupd', 'like', 'CUT-%')
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), rows);
    const actions = (
      await db().selectFrom('audit_log').select('action').where('subject_id', '=', upload.id).execute()
    ).map((a) => a.action);
    assert.ok(actions.filter((a) => a === 'import.start').length >= 2, 'the cut import was started again');
    assert.equal(actions.filter((a) => a === 'import.complete').length, 1);
  });

  it('a burst of receipts: each answered OK or PAA_SYSTEM_ERROR, none half-applied, all applied when resent', async () => {
    const count = 40;
    const notices: ReceiptFields[] = [];
    for (let i = 0; i < count; i++) {
      const position = await services.positions.create(
        entity,
        singlePayment(`RT-${i}`, 1000 + i),
        { toPublish: true },
        testActor,
      );
      const installment = position.options[0]!.installments[0]!;
      const cents = installment.amountCents;
      notices.push({
        receiptId: `cut${String(i).padStart(29, '0')}`,
        nav: installment.nav,
        iuv: installment.iuv,
        fiscalCode: entity.fiscalCode,
        amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      });
    }
    const send = async (r: ReceiptFields) => {
      const res = await app.inject({
        method: 'POST',
        url: '/pagopa/paForNode',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"paSendRTV2"' },
        payload: receiptRequest('paSendRTV2', addressOf(entity), r),
      });
      assert.equal(res.statusCode, 200, res.body);
      return readAnswer('paSendRTV2', res.statusCode, res.body);
    };
    let sent = false;
    const burst = Promise.all(notices.map((r, i) => sleep(i * 10).then(() => send(r)))).finally(() => {
      sent = true;
    });
    // Cut again and again while the burst lasts, so that cuts fall inside receipts' transactions.
    await sleep(30);
    while (!sent) {
      await cutConnections();
      await sleep(25);
    }
    const answers = await burst;
    const refused = answers.filter((a) => a.faultCode === 'PAA_SYSTEM_ERROR').length;
    assert.ok(refused > 0, `the cuts fell inside the burst (${refused} of ${count} refused)`);
    for (const a of answers) {
      assert.ok(a.outcome === 'OK' || a.faultCode === 'PAA_SYSTEM_ERROR', `${a.outcome} ${a.faultCode}`);
    }
    // The Nodo sends again what was not acknowledged (and a duplicate of what was is harmless).
    const again = await Promise.all(notices.map((r) => send(r)));
    for (const a of again) assert.equal(a.outcome, 'OK');
    const { rows } = await sql<{ receipts: string; paid: string; audits: string }>`
      SELECT
        (SELECT count(*) FROM receipts WHERE entity_id = ${entity.id} AND receipt_id LIKE 'cut%') AS receipts,
        (SELECT count(*) FROM installments i JOIN positions p ON p.id = i.position_id
           WHERE p.entity_id = ${entity.id} AND p.iupd LIKE 'RT-%' AND i.status = 'PAID') AS paid,
        (SELECT count(*) FROM audit_log a JOIN positions p ON p.id = a.subject_id::uuid
           WHERE a.action = 'installment.pay' AND p.iupd LIKE 'RT-%') AS audits
    `.execute(db());
    assert.deepEqual(
      Object.values(rows[0]!).map(Number),
      [count, count, count],
      'one receipt, one paid instalment and one audit record per notice',
    );
  });

  it('API requests during the cut get 200 or 503 with Retry-After, and 200 again afterwards', async () => {
    const url = `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions?limit=50`;
    let sent = false;
    const burst = Promise.all(Array.from({ length: 40 }, (_, i) => sleep(i * 10).then(() => apiGet(app, url)))).finally(
      () => {
        sent = true;
      },
    );
    await sleep(20);
    while (!sent) {
      await cutConnections();
      await sleep(25);
    }
    const answers = await burst;
    for (const res of answers) {
      if (res.statusCode !== 200) assertUnavailable(res);
    }
    assert.ok(
      answers.some((res) => res.statusCode === 503),
      'the cuts fell inside requests',
    );
    await eventually('the API answers again', 10_000, async () =>
      (await apiGet(app, url)).statusCode === 200 ? true : undefined,
    );
  });
});

describe('the database is down, then back', () => {
  let proxy: TcpProxy;
  let database: Database;
  let proxied: FastifyInstance;

  before(async () => {
    const target = new URL(testDb.url);
    // The embedded server listens on a Unix socket only (its folder in the URL's "host" parameter).
    const socketDir = target.searchParams.get('host');
    const port = Number(target.port || 5432);
    proxy = await tcpProxy(socketDir ? { path: join(socketDir, `.s.PGSQL.${port}`) } : { host: target.hostname, port });
    target.searchParams.delete('host');
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
    database = await openDatabase({ databaseUrl: target.toString(), poolSize: 4 });
    proxied = await buildApp({ services: createServices(database, { clock }), logLevel: 'silent' });
  });
  after(async () => {
    await proxied.close();
    await database.close();
    await proxy.close();
  });

  it('answers 503 with Retry-After while down, and recovers by itself within seconds', async () => {
    const url = `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions?limit=5`;
    assert.equal((await apiGet(proxied, url)).statusCode, 200);
    proxy.down();
    assertUnavailable(await apiGet(proxied, url));
    assertUnavailable(await apiGet(proxied, `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/RT-1`));
    assertUnavailable(await proxied.inject({ url: '/ready' }));
    // A citizen's browser gets the portal's page saying so, not "an unexpected error".
    const page = await proxied.inject({ url: `/e/${entity.fiscalCode}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 503);
    assert.match(String(page.headers['retry-after']), /^\d+$/);
    assert.match(page.body, /momentaneamente non disponibile/);
    const station = await proxied.inject({
      method: 'POST',
      url: '/pagopa/paForNode',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"paSendRTV2"' },
      payload: receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: 'down0000000000000000000000000001',
        nav: '301000000000000000',
        iuv: '01000000000000000',
        fiscalCode: entity.fiscalCode,
        amount: '10.00',
      }),
    });
    assert.equal(readAnswer('paSendRTV2', station.statusCode, station.body).faultCode, 'PAA_SYSTEM_ERROR');
    proxy.resume();
    const started = Date.now();
    await eventually('the API answers again', 10_000, async () =>
      (await apiGet(proxied, url)).statusCode === 200 ? true : undefined,
    );
    assert.ok(Date.now() - started < 10_000);
    assert.equal((await proxied.inject({ url: '/ready' })).statusCode, 200);
  });
});
