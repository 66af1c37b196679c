// The station is closed by default (ADR 0024): outside the sandbox Cassa does not start without an
// IP allow-list or a client-certificate check; the explicit opt-out is logged at every start; in the
// sandbox only the loopback may call; a caller that is not allowed gets the station's SOAP refusal
// and changes nothing.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { LOOPBACK_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { freePort } from './support/server.ts';
import { addressOf, readAnswer, receiptRequest } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;
let notice: { nav: string; iuv: string };

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  const position = await ctx.services.positions.create(
    entity,
    singlePayment('ACCESS-1'),
    { toPublish: true },
    testActor,
  );
  const installment = position.options[0]!.installments[0]!;
  notice = { nav: installment.nav, iuv: installment.iuv };
});
after(() => ctx.close());

const receiptXml = (receiptId: string) =>
  receiptRequest('paSendRTV2', addressOf(entity), {
    receiptId,
    nav: notice.nav,
    iuv: notice.iuv,
    fiscalCode: entity.fiscalCode,
    amount: '100.00',
  });

const postReceipt = (app: Awaited<ReturnType<typeof buildApp>>, remoteAddress: string, receiptId: string) =>
  app.inject({
    method: 'POST',
    url: '/pagopa/paForNode',
    remoteAddress,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"paSendRTV2"' },
    payload: receiptXml(receiptId),
  });

const receiptsOf = async (nav: string) =>
  (await ctx.services.database.db.selectFrom('receipts').select('receipt_id').where('nav', '=', nav).execute()).length;

describe('the station without settings', () => {
  it('buildApp admits only the loopback; another address gets a 403 SOAP Fault and nothing is paid', async () => {
    const app = await buildApp({ services: ctx.services, logLevel: 'silent' });
    try {
      for (const ip of ['203.0.113.9', '10.0.0.1', '::ffff:192.0.2.1', '2001:db8::1']) {
        const refused = await postReceipt(app, ip, `FORGED-${ip}`);
        assert.equal(refused.statusCode, 403, ip);
        assert.match(refused.headers['content-type'] as string, /^text\/xml/);
        assert.match(refused.body, /<soapenv:Fault>.*Access denied/s);
      }
      assert.equal(await receiptsOf(notice.nav), 0, 'a refused receipt is not stored');
      const position = await ctx.services.positions.find(entity, 'ACCESS-1');
      assert.equal(position?.status, 'VALID', 'a refused receipt pays nothing');
    } finally {
      await app.close();
    }
  });

  it('an access configuration that checks nothing is refused unless it says open', async () => {
    await assert.rejects(
      buildApp({
        services: ctx.services,
        logLevel: 'silent',
        station: { access: { ...LOOPBACK_STATION_ACCESS, allowedIps: [] } },
      }),
      /allow-list or a client-certificate check/,
    );
  });
});

describe('configuration', () => {
  it('the sandbox (the demo default) lets the loopback call the station, nobody else', async () => {
    const config = loadConfig({});
    assert.equal(config.sandbox, true);
    assert.deepEqual(config.pagopa.allowedIps, ['127.0.0.1', '::1']);
    const app = await buildApp({ services: ctx.services, logLevel: 'silent', station: { access: config.pagopa } });
    try {
      const verify = (ip: string) =>
        app.inject({
          method: 'POST',
          url: '/pagopa/paForNode',
          remoteAddress: ip,
          headers: { 'content-type': 'text/xml', soapaction: '"paVerifyPaymentNotice"' },
          payload: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>`,
        });
      // From the loopback the request is read (and this empty Body answered as unreadable), from elsewhere refused.
      for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) assert.equal((await verify(ip)).statusCode, 400, ip);
      for (const ip of ['192.168.1.10', '127.0.0.2', '::2', '198.51.100.7']) {
        assert.equal((await verify(ip)).statusCode, 403, ip);
      }
      // From the loopback a real receipt is taken.
      const taken = await postReceipt(app, '127.0.0.1', 'SANDBOX-1');
      assert.equal(readAnswer('paSendRTV2', taken.statusCode, taken.body).outcome, 'OK');
      assert.equal(await receiptsOf(notice.nav), 1);
    } finally {
      await app.close();
    }
  });

  it('outside the sandbox the server refuses to start without an allow-list or a certificate check', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cassa-station-'));
    try {
      const result = spawnSync(process.execPath, ['src/main.ts'], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', CASSA_SANDBOX: 'false', PORT: '0' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /pagoPA station would take receipts from anyone/);
      for (const name of ['PAGOPA_ALLOWED_IPS', 'PAGOPA_CLIENT_CERT', 'PAGOPA_STATION_OPEN']) {
        assert.match(result.stderr, new RegExp(name));
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PAGOPA_STATION_OPEN=true starts it open, with a warning in the log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cassa-station-'));
    const port = await freePort();
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, ['src/main.ts'], {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          DATABASE_URL: '',
          CASSA_SANDBOX: 'false',
          CASSA_DEMO: 'false',
          CASSA_JOBS: 'false',
          PAGOPA_STATION_OPEN: 'true',
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (d) => {
        output += d;
      });
      child.stderr!.on('data', (d) => {
        output += d;
      });
      // The embedded database is created and migrated first: slow on a busy machine.
      let ready = false;
      for (const end = Date.now() + 120_000; Date.now() < end && !ready && child.exitCode === null; ) {
        ready = await fetch(`http://127.0.0.1:${port}/health`)
          .then((r) => r.ok)
          .catch(() => false);
        if (!ready) await new Promise((r) => setTimeout(r, 150));
      }
      assert.ok(ready, `Cassa did not start:\n${output}`);
      const warning = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .find((entry) => /pagoPA station is OPEN/.test(entry.msg));
      assert.ok(warning, `no warning about the open station in:\n${output}`);
      assert.equal(warning.level, 40, 'logged at warn');
    } finally {
      child?.kill('SIGTERM');
      if (child && child.exitCode === null) await new Promise((r) => child!.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
