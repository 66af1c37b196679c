// Payment attempts under races the soak found (reliability battery A2 and A6b), with a fake
// Checkout that records every cart: pay-in-full and an instalment of the same debt never both get
// an attempt (not even 50 starts at once), and a receipt without a payment note that the expiry
// sweep beat still turns the attempt SUCCEEDED.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ATTEMPT_TTL_MS } from '../src/modules/payments/attempts/attempt.ts';
import type { CartOutcome, CartRequest, CheckoutClient } from '../src/modules/payments/checkout/checkout-api.ts';
import type { Services } from '../src/services.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import type { TestDatabase } from './support/db.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

const carts: CartRequest[] = [];
const fakeCheckout: CheckoutClient = {
  kind: 'pagopa',
  async createCart(request): Promise<CartOutcome> {
    carts.push(request);
    await new Promise((r) => setTimeout(r, 20));
    return { kind: 'created', location: `https://checkout.example/c/${request.idCart}` };
  },
};

let ctx: TestContext;
let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let clock: TestContext['clock'];
let entity: Entity;
let key: string;
const RETURN = {
  ok: 'https://ente.example/ok',
  cancel: 'https://ente.example/ko',
  error: 'https://ente.example/err',
  waiting: 'https://ente.example/wait',
};

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z', { checkout: fakeCheckout });
  ({ db, services, app, clock } = ctx);
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());
beforeEach(() => {
  carts.length = 0;
  clock.set('2026-06-15T10:00:00Z');
});

type N = { nav: string; iuv: string; amountCents: number };

const start = (noticeNumbers: string[]) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${entity.fiscalCode}/checkout`,
    headers: { authorization: `Bearer ${key}` },
    payload: { noticeNumbers, returnUrls: RETURN },
  });

/** The notices of a new published position, option by option. */
async function options(body: ReturnType<typeof singlePayment>): Promise<N[][]> {
  const position = await services.positions.create(entity, body, { toPublish: true }, testActor);
  return position.options.map((o) =>
    o.installments.map((i) => ({ nav: i.nav, iuv: i.iuv, amountCents: i.amountCents })),
  );
}

/** A plan: pay in full (20 000) or in two instalments of 10 000. */
async function plan(iupd: string): Promise<{ full: N; instalments: N[] }> {
  const [[full], instalments] = (await options(fullOrInstalments(iupd, 2, 20_000))) as [[N], N[]];
  return { full, instalments };
}

/** A paSendRTV2 of `n`, naming the cart or (paymentNote undefined) not, as a PSP paid with the notice. */
const sendReceipt = (n: N, receiptId: string, paymentNote?: string) =>
  soapCall(
    app,
    'paSendRTV2',
    receiptRequest('paSendRTV2', addressOf(entity), {
      receiptId,
      nav: n.nav,
      iuv: n.iuv,
      fiscalCode: entity.fiscalCode,
      amount: (n.amountCents / 100).toFixed(2),
      paymentNote,
    }),
  );

const attemptsOf = (nav: string) => services.attempts.ofNotice(entity, nav);
const statusOf = async (id: string) => (await services.attempts.get(entity, id)).status;

describe('A2: one payment option of a debt at a time', () => {
  it('an instalment while pay-in-full is being paid is 409, and the other way round; one plan’s instalments may go apart', async () => {
    const a = await plan('R-A2-1');
    const full = await start([a.full.nav]);
    assert.equal(full.statusCode, 201, full.body);
    const instalment = await start([a.instalments[0]!.nav]);
    assert.equal(instalment.statusCode, 409, instalment.body);
    assert.equal(instalment.json().code, 'PAYMENT_IN_PROGRESS');
    assert.match(instalment.json().errors[0].message, new RegExp(`attempt ${full.json().id}`));
    assert.equal(carts.length, 1, 'only the pay-in-full cart reached Checkout');

    const b = await plan('R-A2-2');
    assert.equal((await start([b.instalments[0]!.nav])).statusCode, 201);
    assert.equal((await start([b.instalments[1]!.nav])).statusCode, 201, 'instalments of one plan go apart');
    assert.equal((await start([b.full.nav])).statusCode, 409);
  });

  it('pay-in-full and an instalment in one cart is refused; once the other option’s attempt ends, this one may start', async () => {
    const c = await plan('R-A2-3');
    const both = await start([c.full.nav, c.instalments[0]!.nav]);
    assert.equal(both.statusCode, 422, both.body);
    assert.equal(both.json().code, 'NOT_PAYABLE');
    assert.equal(carts.length, 0);
    const first = (await start([c.instalments[0]!.nav])).json();
    assert.equal((await app.inject({ url: `/checkout/return/${first.id}/cancel` })).statusCode, 303);
    assert.equal((await start([c.full.nav])).statusCode, 201, 'the cancelled instalment attempt holds nothing');
    // An attempt whose time ran out stops holding the other option at the next start.
    const d = await plan('R-A2-4');
    assert.equal((await start([d.full.nav])).statusCode, 201);
    clock.advance(ATTEMPT_TTL_MS + 1_000);
    assert.equal((await start([d.instalments[1]!.nav])).statusCode, 201);
    assert.equal((await attemptsOf(d.full.nav))[0]!.status, 'EXPIRED');
  });

  it('50 starts at once of pay-in-full and of the instalments: attempts and carts of one option only', async () => {
    for (let round = 0; round < 3; round++) {
      carts.length = 0;
      const p = await plan(`R-A2-RACE-${round}`);
      const navs = Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? p.full.nav : p.instalments[(i >> 1) % p.instalments.length]!.nav,
      );
      const answers = await Promise.all(navs.map((nav) => start([nav])));
      assert.deepEqual(
        answers.filter((r) => ![200, 201, 409].includes(r.statusCode)).map((r) => r.body),
        [],
        `round ${round}`,
      );
      const fullAttempts = (await attemptsOf(p.full.nav)).length;
      const planAttempts = (await Promise.all(p.instalments.map((n) => attemptsOf(n.nav)))).flat().length;
      assert.ok(
        fullAttempts === 0 || planAttempts === 0,
        `round ${round}: ${fullAttempts} pay-in-full and ${planAttempts} instalment attempts`,
      );
      const paidOptions = new Set(
        carts.flatMap((cart) =>
          cart.paymentNotices.map((n) => (n.noticeNumber === p.full.nav ? 'full' : 'instalments')),
        ),
      );
      assert.equal(paidOptions.size, 1, `round ${round}: carts of ${[...paidOptions].join(' and ')}`);
    }
  });
});

describe('A6b: a receipt without a payment note after the expiry sweep', () => {
  it('turns the EXPIRED attempt SUCCEEDED (and a cancelled one too)', async () => {
    const [[n]] = (await options(singlePayment('R-A6B-1', 12_000))) as [[N]];
    const attempt = (await start([n.nav])).json();
    clock.advance(ATTEMPT_TTL_MS + 1_000);
    await services.attempts.reconcile(testActor);
    assert.equal(await statusOf(attempt.id), 'EXPIRED');
    assert.equal((await sendReceipt(n, 'a6b-1')).outcome, 'OK');
    assert.equal(await statusOf(attempt.id), 'SUCCEEDED');
    assert.equal((await services.positions.get(entity, 'R-A6B-1')).status, 'PAID');

    const [[m]] = (await options(singlePayment('R-A6B-2', 12_000))) as [[N]];
    const cancelled = (await start([m.nav])).json();
    await app.inject({ url: `/checkout/return/${cancelled.id}/cancel` });
    assert.equal(await statusOf(cancelled.id), 'FAILED');
    await sendReceipt(m, 'a6b-2');
    assert.equal(await statusOf(cancelled.id), 'SUCCEEDED');
  });

  it('an ended cart of two notices succeeds only when both are paid; only the newest ended attempt follows', async () => {
    const [[a]] = (await options(singlePayment('R-A6B-3', 12_000))) as [[N]];
    const [[b]] = (await options(singlePayment('R-A6B-4', 12_000))) as [[N]];
    const older = (await start([a.nav])).json();
    await app.inject({ url: `/checkout/return/${older.id}/cancel` });
    clock.advance(1_000);
    const cart = (await start([a.nav, b.nav])).json();
    clock.advance(ATTEMPT_TTL_MS + 1_000);
    await services.attempts.reconcile(testActor);
    assert.equal(await statusOf(cart.id), 'EXPIRED');
    await sendReceipt(a, 'a6b-3');
    assert.equal(await statusOf(cart.id), 'EXPIRED', 'one of two notices paid');
    await sendReceipt(b, 'a6b-4');
    assert.equal(await statusOf(cart.id), 'SUCCEEDED');
    assert.equal(await statusOf(older.id), 'FAILED', 'one receipt settles one attempt');
    // Paid twice (an over-payment at a PSP): the newest attempt already succeeded, older ones stay ended.
    await sendReceipt(a, 'a6b-3-again');
    assert.equal(await statusOf(older.id), 'FAILED', 'a second payment does not settle an older attempt');
  });

  it('the sweep decides by what is paid once it holds the attempt, not by what it read before', async () => {
    const [[n]] = (await options(singlePayment('R-A6B-LOCK', 12_000))) as [[N]];
    const attempt = (await start([n.nav])).json();
    clock.advance(ATTEMPT_TTL_MS + 1_000);
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM payment_attempts WHERE id = $1 FOR UPDATE', [attempt.id]);
      const sweep = services.attempts.reconcile(testActor);
      // Until the sweep waits for the attempt's lock.
      for (let i = 0; i < 100; i++) {
        const { rows } = await holder.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // Paid meanwhile through a channel that does not tell the attempts (a counter, a crash before the follow-up).
      await services.receipts.recordPayment(entity, n.nav, { source: 'paids', channel: 'POST_OFFICE' }, testActor);
      await holder.query('COMMIT');
      await sweep;
    } finally {
      await holder.end();
    }
    assert.equal(await statusOf(attempt.id), 'SUCCEEDED');
  });

  it('a receipt without a payment note racing the sweep: PAID and SUCCEEDED, every time', async () => {
    for (let round = 0; round < 10; round++) {
      clock.set('2026-06-15T10:00:00Z');
      const [[n]] = (await options(singlePayment(`R-A6B-RACE-${round}`, 12_000))) as [[N]];
      const attempt = (await start([n.nav])).json();
      clock.advance(ATTEMPT_TTL_MS + 1_000);
      const [, answer] = await Promise.all([
        services.attempts.reconcile(testActor),
        sendReceipt(n, `a6b-race-${round}`),
      ]);
      assert.equal(answer.outcome, 'OK', `round ${round}`);
      assert.equal((await services.positions.get(entity, `R-A6B-RACE-${round}`)).status, 'PAID', `round ${round}`);
      assert.equal(await statusOf(attempt.id), 'SUCCEEDED', `round ${round}`);
    }
  });
});
