// Starting payments online: the cart sent to Checkout (validated against checkout_v2.json), amounts
// from Cassa, one live attempt per notice whatever the clicks, the payer's return proving nothing,
// receipts settling attempts, the reconciler closing the rest — with a fake Checkout that can be told
// to accept, refuse or not answer.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ATTEMPT_TTL_MS, UNKNOWN_GRACE_MS } from '../src/modules/payments/attempts/attempt.ts';
import {
  type CartOutcome,
  type CartRequest,
  type CheckoutClient,
  cartRequestProblems,
} from '../src/modules/payments/checkout/checkout-api.ts';
import type { Services } from '../src/services.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

/** A fake of pagoPA's Checkout: records every cart; answers as told. */
const fake = {
  carts: [] as CartRequest[],
  answer: 'created' as 'created' | 'refused' | 'unknown',
  delayMs: 0,
};
const fakeCheckout: CheckoutClient = {
  kind: 'pagopa',
  async createCart(request): Promise<CartOutcome> {
    fake.carts.push(request);
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (fake.answer === 'refused') return { kind: 'refused', status: 400, detail: 'Invalid input' };
    if (fake.answer === 'unknown') return { kind: 'unknown', detail: 'timeout' };
    return { kind: 'created', location: `https://checkout.example/c/${request.idCart}` };
  },
};

let ctx: TestContext;
let services: Services;
let app: FastifyInstance;
let clock: TestContext['clock'];
let entity: Entity;
let key: string;
const RETURN = {
  ok: 'https://ente.example/ok',
  cancel: 'https://ente.example/ko?c',
  error: 'https://ente.example/err',
  waiting: 'https://ente.example/wait',
};

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z', { checkout: fakeCheckout });
  ({ services, app, clock } = ctx);
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());
beforeEach(() => {
  fake.carts = [];
  fake.answer = 'created';
  fake.delayMs = 0;
  clock.set('2026-06-15T10:00:00Z');
});

const start = (noticeNumbers: string[], extra: object = {}) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${entity.fiscalCode}/checkout`,
    headers: { authorization: `Bearer ${key}` },
    payload: { noticeNumbers, returnUrls: RETURN, ...extra },
  });

async function notices(iupd: string, body = singlePayment(iupd, 12_000)) {
  const position = await services.positions.create(entity, body, { toPublish: true }, testActor);
  return position.options.map((o) =>
    o.installments.map((i) => ({ nav: i.nav, iuv: i.iuv, amountCents: i.amountCents })),
  );
}

type N = { nav: string; iuv: string; amountCents: number };
async function single(iupd: string, body?: ReturnType<typeof singlePayment>): Promise<N> {
  return (await notices(iupd, body))[0]![0]!;
}

const attemptOf = (id: string) => services.attempts.get(entity, id);

describe('starting a payment', () => {
  it('sends Checkout a valid cart with Cassa’s amounts, the attempt as idCart and Cassa’s return URLs', async () => {
    const a = await single('C-1');
    const b = await single('C-2', singlePayment('C-2', 3_450));
    const res = await start([a.nav, b.nav], { email: 'mario@example.it' });
    assert.equal(res.statusCode, 201, res.body);
    const attempt = res.json();
    assert.equal(attempt.status, 'STARTED');
    assert.equal(attempt.redirectUrl, `https://checkout.example/c/${attempt.id}`);
    assert.equal(attempt.totalAmount, 15_450);
    assert.equal(fake.carts.length, 1);
    const cart = fake.carts[0]!;
    assert.deepEqual(cartRequestProblems(cart), []);
    assert.equal(cart.idCart, attempt.id);
    assert.deepEqual(
      cart.paymentNotices.map((n) => [n.noticeNumber, n.amount, n.fiscalCode]),
      [
        [a.nav, 12_000, entity.fiscalCode],
        [b.nav, 3_450, entity.fiscalCode],
      ],
    );
    assert.equal(cart.returnUrls.returnOkUrl, `http://localhost:3000/checkout/return/${attempt.id}/ok`);
    assert.equal(cart.emailNotice, 'mario@example.it');
    const read = await app.inject({
      url: `/api/v1/organizations/${entity.fiscalCode}/checkout/${attempt.id}`,
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(read.json().status, 'STARTED');
  });

  it('refuses more than 5 notices, a notice twice, unknown and unpayable notices — and records nothing', async () => {
    const a = await single('C-BAD');
    await services.lifecycle.invalidate(entity, 'C-BAD', testActor);
    const six = Array.from({ length: 6 }, (_, i) => `30200000000000${String(i).padStart(4, '0')}`);
    assert.equal((await start(six)).statusCode, 400);
    const c = await single('C-TWICE');
    assert.equal((await start([c.nav, c.nav])).statusCode, 400);
    const res = await start([a.nav, '302000000000999970']);
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'NOT_PAYABLE');
    assert.deepEqual(
      res.json().errors.map((e: { path: string }) => e.path),
      ['noticeNumbers[0]', 'noticeNumbers[1]'],
    );
    assert.match(res.json().errors[0].message, /PAA_PAGAMENTO_ANNULLATO/);
    assert.equal(fake.carts.length, 0);
    assert.equal((await start(['1234'])).statusCode, 400);
    const badUrl = await start([c.nav], { returnUrls: { ...RETURN, ok: 'javascript:alert(1)' } });
    assert.equal(badUrl.statusCode, 400);
  });

  it('a second start of the same notices resumes the attempt; 20 at once still make one attempt and one cart', async () => {
    const a = await single('C-TWICE2');
    const first = (await start([a.nav])).json();
    const again = await start([a.nav]);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, first.id);
    const b = await single('C-RACE');
    fake.carts = [];
    fake.delayMs = 50;
    const answers = await Promise.all(Array.from({ length: 20 }, () => start([b.nav])));
    assert.deepEqual(new Set(answers.map((r) => r.statusCode)).size <= 2, true);
    assert.ok(
      answers.every((r) => r.statusCode === 200 || r.statusCode === 201),
      answers.map((r) => r.body).join('\n'),
    );
    assert.equal(new Set(answers.map((r) => r.json().id)).size, 1, 'one attempt');
    assert.equal(answers.filter((r) => r.statusCode === 201).length, 1);
    assert.equal(fake.carts.length, 1, 'one cart at Checkout');
  });

  it('another set of notices overlapping a live attempt is 409 PAYMENT_IN_PROGRESS', async () => {
    const a = await single('C-OV1');
    const b = await single('C-OV2');
    await start([a.nav]);
    const res = await start([a.nav, b.nav]);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'PAYMENT_IN_PROGRESS');
  });

  it('Checkout refusing the cart: 502, the attempt FAILED, the notice free for a new attempt', async () => {
    const a = await single('C-REF');
    fake.answer = 'refused';
    const res = await start([a.nav]);
    assert.equal(res.statusCode, 502);
    assert.equal(res.json().code, 'CHECKOUT_UNAVAILABLE');
    fake.answer = 'created';
    const retry = await start([a.nav]);
    assert.equal(retry.statusCode, 201);
  });

  it('Checkout not answering: 502, the attempt UNKNOWN and still holding the notice until it is settled', async () => {
    const a = await single('C-UNK');
    fake.answer = 'unknown';
    const res = await start([a.nav]);
    assert.equal(res.statusCode, 502);
    const id = /attempt ([0-9a-f-]{36})/.exec(res.json().detail)![1]!;
    assert.equal((await attemptOf(id)).status, 'UNKNOWN');
    fake.answer = 'created';
    const again = await start([a.nav]);
    assert.equal(again.statusCode, 200, 'the unknown attempt is the one that holds the notice');
    assert.equal(again.json().status, 'UNKNOWN');
  });
});

describe('after Checkout', () => {
  it('the payer’s return proves nothing: ok waits for the receipt, cancel ends the attempt; both redirect on', async () => {
    const a = await single('C-RET');
    const attempt = (await start([a.nav])).json();
    const ok = await app.inject({ url: `/checkout/return/${attempt.id}/ok` });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, RETURN.ok);
    assert.equal((await attemptOf(attempt.id)).status, 'UNKNOWN');
    assert.equal((await services.positions.get(entity, 'C-RET')).status, 'VALID', 'not paid by a return URL');
    const b = await single('C-CANCEL');
    const other = (await start([b.nav])).json();
    const cancel = await app.inject({ url: `/checkout/return/${other.id}/cancel` });
    assert.equal(cancel.headers.location, RETURN.cancel);
    assert.equal((await attemptOf(other.id)).status, 'FAILED');
    assert.equal((await start([b.nav])).statusCode, 201, 'a new attempt after a cancellation');
    assert.equal(
      (await app.inject({ url: '/checkout/return/01234567-89ab-7def-8123-456789abcdef/ok' })).statusCode,
      404,
    );
    assert.equal((await app.inject({ url: `/checkout/return/${other.id}/paid` })).statusCode, 400);
  });

  it('the receipts make the attempt SUCCEEDED once every notice of the cart is paid', async () => {
    const a = await single('C-RCPT1');
    const b = await single('C-RCPT2');
    const attempt = (await start([a.nav, b.nav])).json();
    const send = (n: N, id: string) =>
      soapCall(
        app,
        'paSendRTV2',
        receiptRequest('paSendRTV2', addressOf(entity), {
          receiptId: id,
          nav: n.nav,
          iuv: n.iuv,
          fiscalCode: entity.fiscalCode,
          amount: '120.00',
          paymentNote: attempt.id,
        }),
      );
    await send(a, 'cart-r1');
    assert.equal((await attemptOf(attempt.id)).status, 'STARTED');
    await send(b, 'cart-r2');
    const done = await attemptOf(attempt.id);
    assert.equal(done.status, 'SUCCEEDED');
    assert.ok(done.notices.every((n) => n.paidAt !== null));
    const helpdesk = await app.inject({
      url: `/api/v1/organizations/${entity.fiscalCode}/payments?nav=${a.nav}`,
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(helpdesk.statusCode, 200);
    assert.equal(helpdesk.json().attempts[0].id, attempt.id);
    assert.deepEqual(
      helpdesk.json().receipts.map((r: { receiptId: string; settled: boolean }) => [r.receiptId, r.settled]),
      [['cart-r1', true]],
    );
  });

  it('the reconciler: no receipt → EXPIRED, paid meanwhile → SUCCEEDED, UNKNOWN waits its grace period', async () => {
    const a = await single('C-EXP');
    const b = await single('C-PAIDMEANWHILE');
    const c = await single('C-GRACE');
    const expiring = (await start([a.nav])).json();
    const paidElsewhere = (await start([b.nav])).json();
    const unknown = (await start([c.nav])).json();
    await app.inject({ url: `/checkout/return/${unknown.id}/waiting` });
    // Paid at the post office while the attempt was live: the attempt never heard of it.
    await services.receipts.recordPayment(entity, b.nav, { source: 'paids', channel: 'POST_OFFICE' }, testActor);
    clock.advance(ATTEMPT_TTL_MS + 60_000);
    const first = await services.attempts.reconcile(testActor);
    assert.equal((await attemptOf(expiring.id)).status, 'EXPIRED');
    assert.equal((await attemptOf(paidElsewhere.id)).status, 'SUCCEEDED');
    assert.equal((await attemptOf(unknown.id)).status, 'UNKNOWN');
    assert.ok(first.expired >= 1 && first.succeeded >= 1);
    clock.advance(UNKNOWN_GRACE_MS);
    await services.attempts.reconcile(testActor);
    assert.equal((await attemptOf(unknown.id)).status, 'EXPIRED');
    // A receipt after the expiry still wins.
    await soapCall(
      app,
      'paSendRTV2',
      receiptRequest('paSendRTV2', addressOf(entity), {
        receiptId: 'late',
        nav: c.nav,
        iuv: c.iuv,
        fiscalCode: entity.fiscalCode,
        amount: '120.00',
        paymentNote: unknown.id,
      }),
    );
    assert.equal((await attemptOf(unknown.id)).status, 'SUCCEEDED');
    assert.equal((await services.positions.get(entity, 'C-GRACE')).status, 'PAID');
  });

  it('a receipt racing the reconciler’s expiry: the notice is paid and the attempt ends SUCCEEDED, every time', async () => {
    for (let round = 0; round < 10; round++) {
      clock.set('2026-06-15T10:00:00Z');
      const n = await single(`C-RACE-${round}`);
      const attempt = (await start([n.nav])).json();
      clock.advance(ATTEMPT_TTL_MS + 1000);
      await Promise.all([
        services.attempts.reconcile(testActor),
        soapCall(
          app,
          'paSendRTV2',
          receiptRequest('paSendRTV2', addressOf(entity), {
            receiptId: `race-${round}`,
            nav: n.nav,
            iuv: n.iuv,
            fiscalCode: entity.fiscalCode,
            amount: '120.00',
            paymentNote: attempt.id,
          }),
        ),
      ]);
      assert.equal((await services.positions.get(entity, `C-RACE-${round}`)).status, 'PAID', `round ${round}`);
      assert.equal((await attemptOf(attempt.id)).status, 'SUCCEEDED', `round ${round}`);
    }
  });

  it('a plan: starting pay-in-full after an instalment was paid is refused before anything reaches Checkout', async () => {
    const [[full], plan] = (await notices('C-PLAN', fullOrInstalments('C-PLAN', 2, 20_000))) as unknown as [[N], N[]];
    await services.receipts.recordPayment(entity, plan![0]!.nav, { source: 'paids', channel: 'BANK' }, testActor);
    const res = await start([full!.nav]);
    assert.equal(res.statusCode, 422);
    assert.equal(fake.carts.length, 0);
  });
});
