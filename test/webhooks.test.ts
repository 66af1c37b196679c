// Webhooks end to end: endpoints managed through the API, events written with the changes they tell
// of, delivered to a real local receiver with a signature it can verify, exactly one event for a
// receipt however often it arrives, retries with back-off, giving up after 24 hours, and replays.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { emitEvent } from '../src/modules/webhooks/outbox.ts';
import { RETRY_FOR_MS, verifySignature } from '../src/modules/webhooks/webhook.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let receiver: FastifyInstance;
let receiverUrl: string;
let entity: Entity;
let key: string;
let received: Received[] = [];
let answer = 200;
const clock = fixedClock('2026-06-15T10:00:00Z');

before(async () => {
  receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/hook', async (request, reply) => {
    received.push({ body: request.body as string, headers: request.headers });
    return reply.status(answer).send();
  });
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  db = await freshDatabase();
  services = createServices(db.database, {
    clock,
    config: { importMaxBytes: 1024 * 1024, importMaxRows: 1000, webhooksAllowHttp: true },
  });
  app = await buildApp({ services, logLevel: 'silent' });
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
});
after(async () => {
  await app.close();
  await services.webhooks.settled();
  await receiver.close();
  await db.drop();
});
beforeEach(() => {
  received = [];
  answer = 200;
});

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  app.inject({
    method,
    url: `/api/v1/organizations/${entity.fiscalCode}${url}`,
    headers: { authorization: `Bearer ${key}` },
    ...(payload && { payload }),
  });

async function subscribe(events: string[]) {
  const res = await call('POST', '/webhooks', { url: receiverUrl, events, description: 'gestionale' });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; secret: string };
}

async function payByPagoPa(iupd: string, receiptId: string, copies = 1) {
  const position = await services.positions.create(entity, singlePayment(iupd, 5_000), { toPublish: true }, testActor);
  const { nav, iuv } = position.options[0]!.installments[0]!;
  const xml = receiptRequest('paSendRTV2', addressOf(entity), {
    receiptId,
    nav,
    iuv,
    fiscalCode: entity.fiscalCode,
    amount: '50.00',
  });
  await Promise.all(Array.from({ length: copies }, () => soapCall(app, 'paSendRTV2', xml)));
  await services.webhooks.settled();
  return { nav, iuv };
}

const bodies = () =>
  received.map(
    (r) =>
      JSON.parse(r.body) as { id: string; type: string; organizationFiscalCode: string; data: Record<string, unknown> },
  );

describe('webhook endpoints', () => {
  it('are created with a secret shown once, listed without it, validated and disabled', async () => {
    const created = await subscribe(['installment.paid']);
    assert.match(created.secret, /^whsec_/);
    const list = await call('GET', '/webhooks');
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().every((e: { secret?: string }) => e.secret === undefined));
    assert.equal(
      (await call('POST', '/webhooks', { url: 'ftp://x.it/', events: ['installment.paid'] })).statusCode,
      400,
    );
    assert.equal((await call('POST', '/webhooks', { url: receiverUrl, events: ['everything'] })).statusCode, 400);
    const disabled = await call('DELETE', `/webhooks/${created.id}`);
    assert.equal(disabled.json().active, false);
    assert.equal((await call('DELETE', '/webhooks/01234567-89ab-7def-8123-456789abcdef')).statusCode, 404);
  });
});

describe('events and deliveries', () => {
  it('a pagoPA receipt: installment.paid and position.paid, signed so that the receiver can verify them', async () => {
    const { secret, id } = await subscribe(['installment.paid', 'position.paid']);
    const { nav } = await payByPagoPa('W-PAID', 'w-receipt-1');
    const events = bodies();
    assert.deepEqual(events.map((e) => e.type).sort(), ['installment.paid', 'position.paid']);
    const paid = events.find((e) => e.type === 'installment.paid')!;
    assert.equal(paid.organizationFiscalCode, entity.fiscalCode);
    assert.equal(paid.data.nav, nav);
    assert.equal(paid.data.idReceipt, 'w-receipt-1');
    assert.equal(paid.data.amount, 5_000);
    for (const r of received) {
      assert.equal(verifySignature(secret, r.body, r.headers['cassa-signature'] as string, clock.now()), true);
      assert.equal(r.headers['cassa-event-id'], JSON.parse(r.body).id);
    }
    await call('DELETE', `/webhooks/${id}`);
  });

  it('20 copies of one receipt at once: one state change, one installment.paid event', async () => {
    const { id } = await subscribe(['installment.paid']);
    await payByPagoPa('W-20', 'w-receipt-20', 20);
    assert.equal(bodies().filter((e) => e.type === 'installment.paid').length, 1);
    await call('DELETE', `/webhooks/${id}`);
  });

  it('a second payment of the notice raises overpayment.raised; invalidation and expiry have their events', async () => {
    const { id } = await subscribe(['overpayment.raised', 'position.invalidated', 'position.expired']);
    const { nav, iuv } = await payByPagoPa('W-DOUBLE', 'w-d-1');
    await soapCall(
      app,
      'paSendRTV2',
      receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: 'w-d-2',
        nav,
        iuv,
        fiscalCode: entity.fiscalCode,
        amount: '50.00',
      }),
    );
    await services.webhooks.settled();
    await services.positions.create(entity, singlePayment('W-INV'), { toPublish: true }, testActor);
    await app.inject({
      method: 'POST',
      url: `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/W-INV/invalidate`,
      headers: { authorization: `Bearer ${key}` },
    });
    await services.webhooks.settled();
    const expiring = singlePayment('W-EXP', 1_000, '2026-06-20');
    expiring.paymentOption[0]!.switchToExpired = true;
    await services.positions.create(entity, expiring, { toPublish: true }, testActor);
    clock.set('2026-06-25T10:00:00Z');
    try {
      await services.lifecycle.advanceByTime(testActor);
      await services.webhooks.deliverDue();
      await services.webhooks.settled();
    } finally {
      clock.set('2026-06-15T10:00:00Z');
    }
    const types = bodies().map((e) => `${e.type}:${e.data.iupd}`);
    assert.equal(types.filter((t) => t === 'overpayment.raised:W-DOUBLE').length, 1);
    assert.ok(types.includes('overpayment.raised:W-DOUBLE'), types.join());
    assert.ok(types.includes('position.invalidated:W-INV'), types.join());
    assert.ok(types.includes('position.expired:W-EXP'), types.join());
    await call('DELETE', `/webhooks/${id}`);
  });

  it('an event written in a transaction that rolls back is never delivered', async () => {
    const { id } = await subscribe(['position.paid']);
    await assert.rejects(
      services.database.db.transaction().execute(async (trx) => {
        await emitEvent(trx, {
          entityId: entity.id,
          type: 'position.paid',
          at: clock.now(),
          data: { iupd: 'ROLLED-BACK' },
        });
        throw new Error('the change fails');
      }),
    );
    await services.webhooks.deliverDue();
    assert.equal(received.length, 0);
    await call('DELETE', `/webhooks/${id}`);
  });

  it('a failing receiver: retried with back-off, given up after 24 hours with its last error, then replayed', async () => {
    const { id } = await subscribe(['installment.paid']);
    answer = 500;
    await payByPagoPa('W-RETRY', 'w-retry-1');
    assert.equal(received.length, 1);
    const log = async () =>
      (await call('GET', `/webhooks/deliveries?endpoint=${id}`)).json() as {
        id: string;
        status: string;
        attempts: number;
        lastError?: string;
        lastStatus?: number;
        nextAttemptDate?: string;
      }[];
    let [delivery] = await log();
    assert.equal(delivery!.status, 'PENDING');
    assert.equal(delivery!.attempts, 1);
    assert.equal(delivery!.lastStatus, 500);
    assert.equal(delivery!.lastError, 'HTTP 500');
    const wait = new Date(delivery!.nextAttemptDate!).getTime() - clock.now().getTime();
    assert.ok(wait >= 48_000 && wait <= 72_000, `first retry after ${wait} ms`);
    // Not due yet: nothing is sent.
    await services.webhooks.deliverDue();
    assert.equal(received.length, 1);
    // Keep failing until 24 hours have passed.
    const start = clock.now().getTime();
    try {
      while (clock.now().getTime() - start <= RETRY_FOR_MS + 7 * 3600_000) {
        clock.advance(6 * 3600_000);
        await services.webhooks.deliverDue();
      }
      [delivery] = await log();
      assert.equal(delivery!.status, 'FAILED');
      assert.ok(delivery!.attempts >= 5, `${delivery!.attempts} attempts`);
      // The receiver is fixed: a replay delivers it.
      answer = 200;
      const replay = await call('POST', `/webhooks/deliveries/${delivery!.id}/replay`);
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.json().status, 'PENDING');
      await services.webhooks.settled();
      await services.webhooks.deliverDue();
      [delivery] = await log();
      assert.equal(delivery!.status, 'DELIVERED');
      assert.equal(
        (await call('POST', `/webhooks/deliveries/${delivery!.id}/replay`)).statusCode,
        200,
        'a delivered one can be replayed too',
      );
      await services.webhooks.deliverDue();
      assert.equal(new Set(bodies().map((b) => b.id)).size, 1, 'always the same event');
    } finally {
      clock.set('2026-06-15T10:00:00Z');
    }
    await call('DELETE', `/webhooks/${id}`);
  });
});
