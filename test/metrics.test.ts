// GET /metrics: after requests, pagoPA station calls, receipts (one applied, one held as an
// over-payment item), a webhook delivery and a queued job, each series has moved by exactly what
// happened; routes are labelled by their pattern, never by a URL with identifiers in it.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { prometheusMetrics } from '../src/http/prometheus.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall, verifyRequest } from './support/soap.ts';

let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let jobs: Jobs;
let receiver: FastifyInstance;
let entity: Entity;
let key: string;

before(async () => {
  receiver = Fastify();
  receiver.post('/hook', async (_request, reply) => reply.status(204).send());
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  db = await freshDatabase();
  const metrics = prometheusMetrics();
  jobs = await startJobs(db.database, { work: false, metrics });
  services = createServices(db.database, {
    clock: fixedClock('2026-06-15T10:00:00Z'),
    jobs,
    metrics,
    config: { importMaxBytes: 1024 * 1024, importMaxRows: 1000, webhooksAllowHttp: true },
  });
  await jobs.register(jobHandlers(services));
  app = await buildApp({ services, logLevel: 'silent', metrics });
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
});
after(async () => {
  await app.close();
  await services.webhooks.settled();
  await jobs.stop();
  await receiver.close();
  await db.drop();
});

/** The exposition as `series → value` (comments left out). */
async function scrape(): Promise<{ text: string; value(series: string): number | undefined }> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { text: res.body, value: (series) => values.get(series) };
}

const v1 = (path: string) => `/api/v1/organizations/${ENTITY_A.fiscalCode}${path}`;
const gpd = (path: string) => `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}${path}`;

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, station calls, payments taken, webhooks and jobs', async () => {
    const withKey = { authorization: `Bearer ${key}` };
    const route = '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd';
    const getSeries = (status: number) =>
      `cassa_http_request_duration_seconds_count{method="GET",route="${route}",status="${status}"}`;
    // Queued first: pg-boss recounts a queue at most once a minute, and the first scrape counts it.
    const printed = await app.inject({
      method: 'POST',
      url: v1('/notices/print-jobs'),
      headers: withKey,
      payload: { format: 'pdf', all: true },
    });
    assert.equal(printed.statusCode, 202, printed.body);

    const before = await scrape();
    assert.equal(before.value('cassa_job_queue_jobs{queue="notices.print",state="queued"}'), 1);
    assert.equal(before.value(getSeries(200)), undefined);
    assert.equal(before.value('cassa_station_calls_total{primitive="paSendRTV2",outcome="OK"}'), undefined);

    const subscribed = await app.inject({
      method: 'POST',
      url: v1('/webhooks'),
      headers: withKey,
      payload: {
        url: `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`,
        events: ['installment.paid'],
      },
    });
    assert.equal(subscribed.statusCode, 201, subscribed.body);
    const position = await services.positions.create(
      entity,
      singlePayment('M-1', 5_000),
      { toPublish: true },
      testActor,
    );
    const { nav, iuv } = position.options[0]!.installments[0]!;
    for (const url of [gpd('/debtpositions/M-1'), gpd('/debtpositions/M-1'), gpd('/debtpositions/NO-SUCH')]) {
      await app.inject({ method: 'GET', url, headers: withKey });
    }
    await app.inject({ method: 'GET', url: '/no/such/page?cf=RSSMRA80A01H501U' });

    assert.equal((await soapCall(app, 'paVerifyPaymentNotice', verifyRequest(addressOf(entity), nav))).outcome, 'OK');
    const receipt = (receiptId: string) =>
      receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId,
        nav,
        iuv,
        fiscalCode: entity.fiscalCode,
        amount: '50.00',
      });
    assert.equal((await soapCall(app, 'paSendRTV2', receipt('r-metrics-1'))).outcome, 'OK');
    // The same notice paid a second time: the money is held as an over-payment item.
    assert.equal((await soapCall(app, 'paSendRTV2', receipt('r-metrics-2'))).outcome, 'OK');
    const wrongStation = { ...addressOf(entity), idStation: '99999999999_99' };
    assert.equal((await soapCall(app, 'paVerifyPaymentNotice', verifyRequest(wrongStation, nav))).outcome, 'KO');
    await services.webhooks.settled();
    const after = await scrape();
    assert.equal(after.value(getSeries(200)), 2);
    assert.equal(after.value(getSeries(404)), 1);
    assert.equal(
      after.value('cassa_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}'),
      1,
    );
    assert.equal(after.value('cassa_station_calls_total{primitive="paVerifyPaymentNotice",outcome="OK"}'), 1);
    assert.equal(after.value('cassa_station_calls_total{primitive="paVerifyPaymentNotice",outcome="KO"}'), 1);
    assert.equal(after.value('cassa_station_calls_total{primitive="paSendRTV2",outcome="OK"}'), 2);
    assert.equal(after.value('cassa_payments_taken_total{channel="pagopa",result="applied"}'), 1);
    assert.equal(after.value('cassa_payments_taken_total{channel="pagopa",result="overpayment_item"}'), 1);
    assert.ok((after.value('cassa_webhook_deliveries_total{outcome="delivered"}') ?? 0) >= 1, 'webhook delivered');
    assert.equal(after.value('cassa_job_queue_jobs{queue="notices.print",state="active"}'), 0);
    const kind = db.database.kind;
    assert.ok((after.value(`cassa_db_pool_connections{kind="${kind}",state="total"}`) ?? 0) >= 1);
    assert.equal(typeof after.value(`cassa_db_pool_connections{kind="${kind}",state="idle"}`), 'number');
    assert.equal(after.value(`cassa_db_pool_connections{kind="${kind}",state="waiting"}`), 0);
    // No identifier reaches a label: not the entity, the position, the notice or the query string.
    for (const secret of [ENTITY_A.fiscalCode, 'M-1', 'NO-SUCH', nav, 'RSSMRA80A01H501U', '/no/such/page']) {
      assert.ok(!after.text.includes(secret), `${secret} in the metrics`);
    }
  });

  it('keeps a registry per app: a second app in the same process starts from zero', async () => {
    const other = await buildApp({ services, logLevel: 'silent' });
    try {
      const res = await other.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /debtpositions/);
      assert.doesNotMatch(res.body, /cassa_station_calls_total\{/);
    } finally {
      await other.close();
    }
  });
});
