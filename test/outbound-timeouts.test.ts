// No outbound call hangs forever (battery B3/B4/B6, ADR 0024). Against local peers (node:http) that
// hang, reset the connection or answer 500, with 300 ms timeouts: each call returns within its
// timeout, and the right state is recorded — a Checkout cart that got no answer leaves its attempt
// UNKNOWN (never FAILED) and the payer gets 502, a receipt still settles it, and a retry sends no
// second cart; a webhook delivery or an ACA upload is recorded as failed, with its error, and retried
// with back-off until the peer answers; nothing is lost.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { smtpMailer } from '../src/modules/portal/profile/messengers.ts';
import { emitEvent } from '../src/modules/webhooks/outbox.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';
import { type PeerMode, type StubPeer, stubPeer } from './support/stub-peer.ts';

const TIMEOUT_MS = 300;
/** A call must be over within its timeout, plus this much for the rest of the work (a busy CI machine). */
const SLACK_MS = 2_500;
const FAULTS: [label: string, mode: PeerMode, error: RegExp][] = [
  ['hangs', 'hang', /timed out after 300 ms/],
  ['resets the connection', 'reset', /reset|ECONNRESET|socket/i],
  ['answers 500', 'error', /500/],
];

let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let checkout: StubPeer;
let aca: StubPeer;
let hooks: StubPeer;
let entity: Entity;
let key: string;
const clock = fixedClock('2026-06-15T10:00:00Z');

before(async () => {
  [checkout, aca, hooks] = await Promise.all([stubPeer(), stubPeer(), stubPeer()]);
  db = await freshDatabase();
  services = createServices(db.database, {
    clock,
    deliverWebhooks: false,
    config: {
      importMaxBytes: 1024 * 1024,
      importMaxRows: 1000,
      sandbox: false,
      checkout: { url: `${checkout.base}/checkout/ec/v2`, subscriptionKey: 'checkout-key' },
      aca: { url: `${aca.base}/aca/v1`, subscriptionKey: 'aca-key' },
      webhooksAllowHttp: true,
      timeouts: { checkoutMs: TIMEOUT_MS, acaMs: TIMEOUT_MS, webhooksMs: TIMEOUT_MS },
    },
  });
  app = await buildApp({ services, logLevel: 'silent' });
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
});
after(async () => {
  await app.close();
  await Promise.all([checkout.close(), aca.close(), hooks.close()]);
  await db.drop();
});

/** Runs `work`, asserting it is over within the timeout and the slack. */
async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  assert.ok(ms < TIMEOUT_MS + SLACK_MS, `${label} took ${Math.round(ms)} ms`);
  return result;
}

describe('ACA: a peer that does not answer', () => {
  it('each failure is recorded with its error and retried with back-off; the notice reaches ACA when it answers', async () => {
    const position = await services.positions.create(entity, singlePayment('ACA-T'), { toPublish: true }, testActor);
    const nav = position.options[0]!.installments[0]!.nav;
    const row = () =>
      db.database.db.selectFrom('aca_notices').selectAll().where('nav', '=', nav).executeTakeFirstOrThrow();
    let lastDelay = 0;
    for (const [label, mode, error] of FAULTS) {
      aca.mode = mode;
      const before = aca.requests.length;
      clock.advance(2 * 24 * 60 * 60_000); // past any back-off: the notice is due again
      const totals = await timed(`ACA sync when ACA ${label}`, () => services.aca.sync());
      assert.equal(aca.requests.length, before + 1, `ACA ${label}: the upload was tried`);
      assert.equal(totals.retry, 1, `ACA ${label}`);
      const state = await row();
      assert.equal(state.status, 'PENDING', `ACA ${label}`);
      assert.match(state.last_error ?? '', error, `ACA ${label}`);
      const delay = new Date(state.next_attempt_at).getTime() - clock.now().getTime();
      assert.ok(delay > 0, `ACA ${label}: retried later, not now`);
      assert.ok(delay > lastDelay * 1.2, `ACA ${label}: the back-off grows (${lastDelay} → ${delay} ms)`);
      lastDelay = delay;
    }
    aca.mode = { status: 200, body: '{}' };
    clock.advance(2 * 24 * 60 * 60_000);
    await services.aca.sync();
    const state = await row();
    assert.equal(state.status, 'SYNCED');
    assert.equal(aca.requests.length, FAULTS.length + 1, 'one upload per run, none after it was taken');
    assert.equal(JSON.parse(aca.requests.at(-1)!.body).nav, nav, 'the same notice, not lost');
  });
});

describe('pagoPA Checkout: a peer that does not answer', () => {
  const start = (nav: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/organizations/${entity.fiscalCode}/checkout`,
      headers: { authorization: `Bearer ${key}` },
      payload: {
        noticeNumbers: [nav],
        returnUrls: {
          ok: 'https://ente.example/ok',
          cancel: 'https://ente.example/ko',
          error: 'https://ente.example/err',
          waiting: 'https://ente.example/wait',
        },
      },
    });
  const read = async (id: string) =>
    (
      await app.inject({
        url: `/api/v1/organizations/${entity.fiscalCode}/checkout/${id}`,
        headers: { authorization: `Bearer ${key}` },
      })
    ).json() as { status: string };

  for (const [label, mode, error] of FAULTS) {
    it(`Checkout ${label}: 502 in time, the attempt UNKNOWN (not FAILED); a receipt settles it`, async () => {
      const iupd = `CO-${mode}`;
      const position = await services.positions.create(
        entity,
        singlePayment(iupd, 12_000),
        { toPublish: true },
        testActor,
      );
      const { nav, iuv } = position.options[0]!.installments[0]!;
      checkout.mode = mode;
      const before = checkout.requests.length;
      const res = await timed(`a payment start when Checkout ${label}`, () => start(nav));
      assert.equal(res.statusCode, 502, res.body);
      assert.match(String(res.headers['content-type']), /problem\+json/);
      assert.equal(res.json().code, 'CHECKOUT_UNAVAILABLE');
      assert.equal(checkout.requests.length, before + 1, 'the cart was sent once');
      const id = /attempt ([0-9a-f-]{36})/.exec(res.json().detail)![1]!;
      assert.match(res.json().detail, error);
      assert.equal((await read(id)).status, 'UNKNOWN', 'the cart may exist: never FAILED without an answer');

      // The payer tries again: the same attempt is answered (in progress), no second cart is sent.
      checkout.mode = 'hang';
      const again = await timed('a second start', () => start(nav));
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().id, id);
      assert.equal(again.json().status, 'UNKNOWN');
      assert.equal(checkout.requests.length, before + 1, 'no second cart');

      // The payment went through after all: its receipt settles the attempt and pays the notice.
      const xml = receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: `R-${mode}`,
        nav,
        iuv,
        fiscalCode: entity.fiscalCode,
        amount: '120.00',
        paymentNote: id,
      });
      assert.equal((await soapCall(app, 'paSendRTV2', xml)).outcome, 'OK');
      assert.equal((await read(id)).status, 'SUCCEEDED');
      assert.equal((await services.positions.find(entity, iupd))?.status, 'PAID');
    });
  }
});

describe('webhooks: a receiver that does not answer', () => {
  it('each failure is recorded with its error and retried with back-off; the event arrives when it answers', async () => {
    // The earlier tests' requests kicked the consumers in the background: a run still going could take
    // this test's event (and deliver it) between the calls counted below.
    await services.webhooks.settled();
    const other = await services.entities.create(ENTITY_B, testActor);
    await services.webhooks.create(other, { url: `${hooks.base}/hook`, events: ['installment.paid'] }, testActor);
    const eventId = await db.database.db
      .transaction()
      .execute((trx) => emitEvent(trx, { entityId: other.id, type: 'installment.paid', at: clock.now(), data: {} }));
    const row = () =>
      db.database.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
    let lastDelay = 0;
    for (const [label, mode, error] of FAULTS) {
      hooks.mode = mode;
      const before = hooks.requests.length;
      const totals = await timed(`a delivery when the receiver ${label}`, () => services.webhooks.deliverDue());
      assert.deepEqual(totals, { delivered: 0, retried: 1, failed: 0 }, `receiver ${label}`);
      assert.equal(hooks.requests.length, before + 1, `receiver ${label}: the delivery was tried`);
      const delivery = await row();
      assert.equal(delivery.status, 'PENDING', `receiver ${label}`);
      assert.match(delivery.last_error ?? '', error, `receiver ${label}`);
      const delay = new Date(delivery.next_attempt_at).getTime() - clock.now().getTime();
      assert.ok(delay > 0, `receiver ${label}: retried later, not now`);
      assert.ok(delay > lastDelay * 1.2, `receiver ${label}: the back-off grows (${lastDelay} → ${delay} ms)`);
      lastDelay = delay;
      // Not due again before its time.
      assert.deepEqual(await services.webhooks.deliverDue(), { delivered: 0, retried: 0, failed: 0 });
      clock.advance(delay + 1);
    }
    hooks.mode = { status: 204 };
    assert.deepEqual(await services.webhooks.deliverDue(), { delivered: 1, retried: 0, failed: 0 });
    const delivery = await row();
    assert.equal(delivery.status, 'DELIVERED');
    assert.equal(delivery.attempts, FAULTS.length + 1);
    const ids = new Set(hooks.requests.map((r) => r.headers['cassa-event-id']));
    assert.deepEqual([...ids], [eventId], 'every attempt carried the same event');
  });
});

describe('SMTP: a mail server that does not answer', () => {
  for (const [label, behave] of [
    ['never greets', (_socket: Socket) => {}],
    ['greets, then goes silent', (socket: Socket) => socket.write('220 test ESMTP\r\n')],
    ['resets the connection', (socket: Socket) => socket.resetAndDestroy()],
  ] as const) {
    it(`a server that ${label}: the send fails within the timeout`, async () => {
      const sockets: Socket[] = [];
      const server = createServer((socket) => {
        sockets.push(socket);
        socket.on('error', () => {});
        behave(socket);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      try {
        const mailer = smtpMailer({
          url: `smtp://127.0.0.1:${port}`,
          from: 'cassa@ente.example',
          timeoutMs: TIMEOUT_MS,
        });
        await timed(`an e-mail when the server ${label}`, () =>
          assert.rejects(
            mailer.send({ fiscalCode: 'RSSMRA80A01H501U', to: 'mario@example.it', subject: 'Codice', text: '123456' }),
          ),
        );
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  }
});
