// Keeping pagoPA's central notice archive (ACA) in step, against a local fake of paCreatePosition
// that checks the subscription key and validates every request against paCreatePosition.json.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Entity } from '../src/modules/entities/entity.ts';
import { type AcaPosition, acaClient, acaRequestProblems } from '../src/modules/payments/aca/aca-api.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';

let fake: FastifyInstance;
let db: TestDatabase;
let services: Services;
let entity: Entity;
let received: AcaPosition[] = [];
let failNext = 0;
const clock = fixedClock('2026-06-15T10:00:00Z');

before(async () => {
  fake = Fastify();
  fake.post('/aca/v1/paCreatePosition', async (request, reply) => {
    if (request.headers['ocp-apim-subscription-key'] !== 'aca-key') return reply.status(401).send({ title: 'no key' });
    const problems = acaRequestProblems(request.body);
    if (problems.length > 0)
      return reply.status(400).send({ title: 'Formally invalid input', detail: problems.join('; ') });
    if (failNext > 0) {
      failNext--;
      return reply.status(502).send({ title: 'Bad gateway' });
    }
    received.push(request.body as AcaPosition);
    return reply.status(200).send({});
  });
  await fake.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/aca/v1`;
  db = await freshDatabase();
  services = createServices(db.database, { clock, acaClient: acaClient({ baseUrl, subscriptionKey: 'aca-key' }) });
  entity = await services.entities.create(ENTITY_A, testActor);
});
after(async () => {
  await fake.close();
  await db.drop();
});
beforeEach(() => {
  received = [];
  failNext = 0;
});

const sync = async () => {
  clock.advance(1000);
  return services.aca.sync();
};

describe('ACA sync', () => {
  it('uploads every payable notice once, as paCreatePosition specifies it; nothing again when nothing changed', async () => {
    await services.positions.create(
      entity,
      singlePayment('ACA-1', 12_345, '2026-12-31'),
      { toPublish: true },
      testActor,
    );
    await services.positions.create(entity, fullOrInstalments('ACA-PLAN', 2, 20_000), { toPublish: true }, testActor);
    await services.positions.create(entity, singlePayment('ACA-DRAFT'), { toPublish: false }, testActor);
    const first = await sync();
    assert.equal(first.sent, 4, JSON.stringify(first));
    const one = received.find((r) => r.amount === 12_345)!;
    assert.equal(one.paFiscalCode, entity.fiscalCode);
    assert.equal(one.entityFiscalCode, 'RSSMRA80A01H501U');
    assert.equal(one.expirationDate, '2026-12-31T23:59:59+01:00');
    assert.equal(one.iban, 'IT60X0542811101000000123456');
    assert.equal(one.payStandIn, true);
    assert.ok(one.nav.startsWith('3') && one.nav.endsWith(one.iuv));
    received = [];
    assert.equal((await sync()).sent, 0);
    assert.equal(received.length, 0);
  });

  it('withdraws a notice with amount 0 once it is paid, and the other option once one is being paid', async () => {
    const plan = await services.positions.create(
      entity,
      fullOrInstalments('ACA-PAY', 2, 10_000),
      { toPublish: true },
      testActor,
    );
    await sync();
    received = [];
    const first = plan.options[1]!.installments[0]!;
    await services.receipts.recordPayment(entity, first.nav, { source: 'paids', channel: 'BANK' }, testActor);
    await sync();
    const byNav = new Map(received.map((r) => [r.nav, r.amount]));
    assert.equal(byNav.get(first.nav), 0, 'the paid instalment is withdrawn');
    assert.equal(byNav.get(plan.options[0]!.installments[0]!.nav), 0, 'pay-in-full is withdrawn');
    assert.equal(byNav.has(plan.options[1]!.installments[1]!.nav), false, 'the next instalment stays as it was');
  });

  it('an invalidated position is withdrawn; a notice never uploaded is not sent at all', async () => {
    const position = await services.positions.create(entity, singlePayment('ACA-INV'), { toPublish: true }, testActor);
    await sync();
    received = [];
    await services.lifecycle.invalidate(entity, 'ACA-INV', testActor);
    await services.positions.create(entity, singlePayment('ACA-DRAFT-2'), { toPublish: false }, testActor);
    await sync();
    assert.deepEqual(
      received.map((r) => [r.nav, r.amount]),
      [[position.options[0]!.installments[0]!.nav, 0]],
    );
  });

  it('retries with back-off when ACA fails, until it takes the notice', async () => {
    failNext = 1;
    await services.positions.create(entity, singlePayment('ACA-RETRY', 777), { toPublish: true }, testActor);
    const first = await sync();
    assert.equal(first.retry, 1);
    assert.equal(received.length, 0);
    assert.equal((await services.aca.counts()).PENDING, 1);
    clock.advance(10 * 60_000);
    const second = await sync();
    assert.equal(second.sent, 1);
    assert.equal(received[0]!.amount, 777);
    assert.equal((await services.aca.counts()).PENDING, 0);
  });

  it('a bulk import — 1 200 positions with one and the same update time — is uploaded whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cassa-aca-'));
    const csv = join(dir, 'bulk.csv');
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `BULK-${i},RSSMRA80A01H501U,Mario Rossi,TARI ${i},${10 + (i % 90)}.00,2026-12-31,9/0101101IM/`,
    );
    writeFileSync(
      csv,
      `iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category\n${rows.join('\n')}\n`,
    );
    const { result } = await services.imports.importFile(
      entity,
      csv,
      { format: 'csv', mode: 'create', toPublish: true, fileName: 'bulk.csv' },
      testActor,
    );
    rmSync(dir, { recursive: true, force: true });
    assert.equal(result.created, 1200);
    await sync();
    assert.equal(received.filter((r) => r.description.startsWith('TARI ')).length, 1200);
  });

  it('is off without ACA_URL and ACA_KEY', async () => {
    const off = createServices(db.database, { clock });
    assert.equal(off.aca.enabled, false);
    assert.deepEqual(await off.aca.sync(), { scanned: 0, sent: 0, refused: 0, retry: 0 });
  });
});
