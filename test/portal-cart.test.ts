// The signed-in citizen's cart and payment history: adding one's own payable notices (at most five,
// pagoPA's limit), removing them, paying the cart in the sandbox as one payment, a failure and a
// retry from the result page, and the receipts of every payment. Cassa listens on a port so that
// the sandbox can play the Nodo against its station over real HTTP; the browser is app.inject.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { principalActor } from '../src/modules/audit/audit.ts';
import { CART_LIMIT } from '../src/modules/cart/cart.service.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { citizenPrincipal } from '../src/shared/principal.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import type { TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let db: TestDatabase;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
const mine = DEMO_CITIZENS[0]!;
const theirs = DEMO_CITIZENS[1]!;

before(async () => {
  portal = await listeningPortal({
    host: '127.0.0.1',
    clock: fixedClock('2026-06-15T10:00:00Z'),
    app: (base) => ({ publicUrl: base, sandboxStationUrl: `${base}/pagopa/paForNode` }),
  });
  ({ db, services, app } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
});
after(async () => {
  await portal?.close();
});

/** A published position of `who` with one notice; its notice number. */
async function noticeOf(who: { fiscalCode: string; fullName: string }, iupd: string, cents = 1_000) {
  const body = singlePayment(iupd, cents);
  body.paymentOption[0]!.debtor = { type: 'F', fiscalCode: who.fiscalCode, fullName: who.fullName };
  const position = await services.positions.create(entity, body, { toPublish: true }, testActor);
  return position.options[0]!.installments[0]!.nav;
}

async function signedIn(who = mine) {
  const b = injectBrowser(app);
  const form = await b.request('GET', '/accedi');
  const done = await b.request('POST', '/accedi/sandbox', {
    fiscalCode: who.fiscalCode,
    next: `/e/${entity.fiscalCode}/carrello`,
    _csrf: b.token(form.body),
  });
  assert.equal(done.statusCode, 303);
  return b;
}

const cartUrl = () => `/e/${entity.fiscalCode}/carrello`;
type Browser = Awaited<ReturnType<typeof signedIn>>;

async function add(b: Browser, nav: string) {
  const page = await b.request('GET', cartUrl());
  return b.request('POST', cartUrl(), { nav, _csrf: b.token(page.body) });
}

const stored = (fiscalCode = mine.fiscalCode) =>
  db.database.db
    .selectFrom('cart_items')
    .select(['nav', 'slot'])
    .where('fiscal_code', '=', fiscalCode)
    .orderBy('slot')
    .execute();

async function emptyCart(b: Browser) {
  for (const { nav } of await stored()) {
    const page = await b.request('GET', cartUrl());
    await b.request('POST', `${cartUrl()}/${nav}/rimuovi`, { _csrf: b.token(page.body) });
  }
  assert.deepEqual(await stored(), []);
}

/** Pays the cart: Cassa's result page, the sandbox's form, back through Checkout's return URL. */
async function payCart(b: Browser, card: string) {
  const page = await b.request('GET', cartUrl());
  const started = await b.request('POST', `${cartUrl()}/paga`, { _csrf: b.token(page.body) });
  assert.equal(started.statusCode, 303, started.body.slice(0, 300));
  return completeInSandbox(b, started.headers.location as string, card);
}

async function completeInSandbox(b: Browser, result: string, card: string) {
  const id = /^\/pagamento\/([0-9a-f-]{36})$/.exec(result)![1]!;
  const redirect = await b.request('GET', result);
  const checkout = /content="0;url=https?:\/\/[^/]+(\/sandbox\/checkout\/[^"]+)"/.exec(redirect.body)![1]!;
  const paid = await b.request('POST', checkout, { method: 'card', card });
  assert.equal(paid.statusCode, 303, paid.body.slice(0, 300));
  const back = new URL(paid.headers.location as string);
  const returned = await b.request('GET', back.pathname);
  assert.equal(returned.statusCode, 303);
  return { id, page: await b.request('GET', returned.headers.location as string) };
}

describe('the cart', () => {
  it('a notice added from its position page, added twice is once, then removed', async () => {
    const nav = await noticeOf(mine, 'CART-ADD', 2_500);
    const b = await signedIn();
    const position = await b.request('GET', `/e/${entity.fiscalCode}/posizioni/CART-ADD`);
    assert.match(position.body, new RegExp(`action="/e/${entity.fiscalCode}/carrello"[\\s\\S]*?value="${nav}"`));
    assert.match(position.body, /Aggiungi al carrello/);
    const added = await add(b, nav);
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `${cartUrl()}?aggiunto=1`);
    const cart = await b.request('GET', added.headers.location as string);
    assert.match(cart.body, /Avviso aggiunto al carrello/);
    assert.match(cart.body, /Posti usati: 1 su 5/);
    assert.match(cart.body, /Paga 25,00\s*€ con pagoPA|Paga € 25,00 con pagoPA|Paga 25,00/);
    assert.equal((await add(b, nav)).statusCode, 303);
    assert.deepEqual(await stored(), [{ nav, slot: 1 }]);
    const removed = await b.request('POST', `${cartUrl()}/${nav}/rimuovi`, { _csrf: b.token(cart.body) });
    assert.equal(removed.headers.location, `${cartUrl()}?rimosso=1`);
    assert.deepEqual(await stored(), []);
    assert.equal(
      (await b.request('POST', `${cartUrl()}/${nav}/rimuovi`, { _csrf: b.token(cart.body) })).statusCode,
      404,
    );
    const audit = await db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_type', '=', 'cart')
      .where('subject_id', '=', mine.fiscalCode)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['cart.add', 'cart.remove'],
      'adding twice writes one record; removing nothing writes none',
    );
    assert.equal(audit[0]!.actor, `citizen:${mine.fiscalCode}`);
  });

  it('only the citizen’s own notices that can be paid: another’s is the same 404 as none, a paid one is refused', async () => {
    const b = await signedIn();
    const other = await noticeOf(theirs, 'CART-THEIRS');
    const foreign = await add(b, other);
    const missing = await add(b, '301999999999999999');
    assert.equal(foreign.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(
      foreign.body.replace(/nonce-[^'"]+|value="[^"]+"/g, ''),
      missing.body.replace(/nonce-[^'"]+|value="[^"]+"/g, ''),
    );
    const paid = await noticeOf(mine, 'CART-PAID');
    await services.receipts.recordPayment(entity, paid, { source: 'paids', channel: 'BANK' }, testActor);
    const refused = await add(b, paid);
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /non si può più pagare/);
    assert.deepEqual(await stored(), []);
    // Their cart is theirs: signed in as the other citizen, mine is not visible.
    const mineNav = await noticeOf(mine, 'CART-NOT-THEIRS');
    await add(b, mineNav);
    const them = await signedIn(theirs);
    const theirCart = await them.request('GET', cartUrl());
    assert.match(theirCart.body, /Il carrello è vuoto/);
    await emptyCart(b);
  });

  it(`holds at most ${CART_LIMIT} notices, explains pagoPA's limit; a notice paid meanwhile gives its place up`, async () => {
    const b = await signedIn();
    const navs = [];
    for (let i = 1; i <= CART_LIMIT + 1; i++) navs.push(await noticeOf(mine, `CART-FULL-${i}`, 100 * i));
    for (const nav of navs.slice(0, CART_LIMIT)) assert.equal((await add(b, nav)).statusCode, 303);
    const full = await add(b, navs[CART_LIMIT]!);
    assert.equal(full.statusCode, 409);
    assert.match(full.body, /pagoPA permette di pagare al massimo 5 avvisi alla volta/);
    assert.equal((await stored()).length, CART_LIMIT);
    // One of the five is paid at the counter: shown as no longer to pay, then its place goes to the sixth.
    await services.receipts.recordPayment(entity, navs[0]!, { source: 'paids', channel: 'COUNTER' }, testActor);
    const cart = await b.request('GET', cartUrl());
    assert.match(cart.body, /Non più da pagare/);
    assert.match(cart.body, /Paga 14,00/, 'the total leaves the paid notice out: 2+3+4+5 euro');
    assert.equal((await add(b, navs[CART_LIMIT]!)).statusCode, 303);
    const now = (await stored()).map((r) => r.nav).sort();
    assert.deepEqual(now, navs.slice(1).sort());
    await emptyCart(b);
  });

  it('adds racing for the last places never make more than five', async () => {
    const navs = [];
    for (let i = 1; i <= 8; i++) navs.push(await noticeOf(mine, `CART-RACE-${i}`));
    const actor = principalActor(citizenPrincipal(mine.fiscalCode));
    const results = await Promise.allSettled(navs.map((nav) => services.cart.add(entity, mine.fiscalCode, nav, actor)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, CART_LIMIT);
    assert.deepEqual(refused, ['CART_FULL', 'CART_FULL', 'CART_FULL']);
    const rows = await stored();
    assert.deepEqual(
      rows.map((r) => r.slot),
      [1, 2, 3, 4, 5],
    );
    await emptyCart(await signedIn());
  });

  it('anything else is refused: a forged form changes nothing; a stranger cannot see the cart', async () => {
    const b = await signedIn();
    const nav = await noticeOf(mine, 'CART-CSRF');
    const forged = await b.request('POST', cartUrl(), { nav, _csrf: 'forged' });
    assert.equal(forged.statusCode, 400);
    assert.deepEqual(await stored(), []);
    const anonymous = injectBrowser(app);
    const res = await anonymous.request('GET', cartUrl());
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/accedi\?next=/);
  });
});

describe('paying the cart', () => {
  it('two notices paid in the sandbox as one payment: cart emptied, both paid, both receipts in the history', async () => {
    const first = await noticeOf(mine, 'CART-PAY-1', 1_200);
    const second = await noticeOf(mine, 'CART-PAY-2', 3_400);
    const b = await signedIn();
    await add(b, first);
    await add(b, second);
    const { id, page } = await payCart(b, '4242 4242 4242 4242');
    assert.match(page.body, /Pagamento riuscito/);
    assert.equal(page.body.match(/href="\/pagamento\/[0-9a-f-]+\/ricevuta\/\d{18}"/g)?.length, 2);
    const attempt = (await services.attempts.byId(id))!;
    assert.equal(attempt.status, 'SUCCEEDED');
    assert.deepEqual(attempt.notices.map((n) => n.nav).sort(), [first, second].sort());
    assert.equal(attempt.totalCents, 4_600);
    assert.deepEqual(await stored(), [], 'the notices went from the cart into the payment');
    assert.equal((await services.positions.get(entity, 'CART-PAY-1')).status, 'PAID');
    assert.equal((await services.positions.get(entity, 'CART-PAY-2')).status, 'PAID');

    const history = await b.request('GET', `/e/${entity.fiscalCode}/pagamenti`);
    assert.equal(history.statusCode, 200);
    const links = [...history.body.matchAll(/href="(\/e\/\d{11}\/pagamenti\/[0-9a-f-]{36}\/ricevuta)"/g)].map(
      (m) => m[1]!,
    );
    assert.ok(links.length >= 2, history.body);
    assert.match(history.body, /12,00/);
    assert.match(history.body, /34,00/);
    const pdf = await b.request('GET', links[0]!);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    // Another citizen asking for my receipt gets the same 404 as for a receipt that does not exist.
    const them = await signedIn(theirs);
    const stolen = await them.request('GET', links[0]!);
    const none = await them.request(
      'GET',
      `/e/${entity.fiscalCode}/pagamenti/01234567-89ab-7def-8123-456789abcdef/ricevuta`,
    );
    assert.equal(stolen.statusCode, 404);
    assert.equal(none.statusCode, 404);
    assert.doesNotMatch((await them.request('GET', `/e/${entity.fiscalCode}/pagamenti`)).body, /12,00/);
  });

  it('a declined card: "not completed", nothing paid; the retry pays both notices once', async () => {
    const first = await noticeOf(mine, 'CART-RETRY-1', 500);
    const second = await noticeOf(mine, 'CART-RETRY-2', 700);
    const b = await signedIn();
    await add(b, first);
    await add(b, second);
    const failed = await payCart(b, '4000 0000 0000 0002');
    assert.match(failed.page.body, /Pagamento non completato/);
    assert.equal((await services.positions.get(entity, 'CART-RETRY-1')).status, 'VALID');
    const retryAction = `/pagamento/${failed.id}/riprova`;
    assert.ok(failed.page.body.includes(`action="${retryAction}"`));
    const retried = await b.request('POST', retryAction, { _csrf: b.token(failed.page.body) });
    assert.equal(retried.statusCode, 303);
    const again = retried.headers.location as string;
    assert.notEqual(again, `/pagamento/${failed.id}`);
    const paid = await completeInSandbox(b, again, '4242424242424242');
    assert.match(paid.page.body, /Pagamento riuscito/);
    assert.deepEqual((await services.attempts.byId(paid.id))!.notices.map((n) => n.nav).sort(), [first, second].sort());
    for (const nav of [first, second]) {
      assert.equal((await services.receipts.list(entity, { nav, limit: 5, offset: 0 })).total, 1, 'paid once');
    }
    // Retrying a payment that succeeded starts nothing: back to its result.
    const form = await b.request('GET', cartUrl());
    const late = await b.request('POST', `/pagamento/${paid.id}/riprova`, { _csrf: b.token(form.body) });
    assert.equal(late.headers.location, `/pagamento/${paid.id}`);
  });
});
