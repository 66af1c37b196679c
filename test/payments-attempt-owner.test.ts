// Who may take a live payment attempt up again (issue 12): only the portal browser that started it,
// or the API caller that did. A notice held by the back office's checkout, or by another citizen's
// browser, is "in progress elsewhere" with when to try again — never someone else's cart, and never
// the back office's return URL.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../src/modules/audit/audit.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ATTEMPT_TTL_MS } from '../src/modules/payments/attempts/attempt.ts';
import { AppError } from '../src/shared/errors.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
let key: string;
const BACK_OFFICE = {
  ok: 'https://backoffice.example/ok',
  cancel: 'https://backoffice.example/ko',
  error: 'https://backoffice.example/err',
  waiting: 'https://backoffice.example/wait',
};

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
});
after(() => ctx.close());

async function notice(iupd: string, debtor?: { fiscalCode: string; fullName: string }): Promise<string> {
  const body = singlePayment(iupd, 5_280);
  if (debtor) body.paymentOption[0]!.debtor = { type: 'F', ...debtor };
  const position = await ctx.services.positions.create(entity, body, { toPublish: true }, testActor);
  return position.options[0]!.installments[0]!.nav;
}

const apiStart = (nav: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/organizations/${entity.fiscalCode}/checkout`,
    headers: { authorization: `Bearer ${key}` },
    payload: { noticeNumbers: [nav], returnUrls: BACK_OFFICE },
  });

async function portalPay(b: ReturnType<typeof injectBrowser>, nav: string) {
  const page = await b.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}`);
  assert.equal(page.statusCode, 200);
  return b.request('POST', `/e/${entity.fiscalCode}/avviso/${nav}/paga`, { _csrf: b.token(page.body) });
}

const attemptsOf = async (nav: string) => (await ctx.services.attempts.ofNotice(entity, nav)).map((a) => a.id);

describe('the attempts service: who resumes a live attempt', () => {
  it('the same browser or API caller resumes; anyone else gets PAYMENT_IN_PROGRESS with when to retry', async () => {
    const nav = await notice('OWN-SVC-1');
    const returnUrls = BACK_OFFICE;
    const apiA = systemActor('apikey:a');
    const first = await ctx.services.attempts.start(entity, { noticeNumbers: [nav], returnUrls }, apiA);
    const again = await ctx.services.attempts.start(entity, { noticeNumbers: [nav], returnUrls }, apiA);
    assert.equal(again.resumed, true);
    assert.equal(again.attempt.id, first.attempt.id);
    const refusals = [
      () => ctx.services.attempts.start(entity, { noticeNumbers: [nav], returnUrls }, systemActor('apikey:b')),
      () => ctx.services.attempts.start(entity, { noticeNumbers: [nav], returnUrls, browserTag: 'x' }, apiA),
    ];
    for (const refused of refusals) {
      await assert.rejects(refused, (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'PAYMENT_IN_PROGRESS');
        assert.equal(error.retryAfterSeconds, ATTEMPT_TTL_MS / 1000, 'free when its 30 minutes are over');
        return true;
      });
    }

    const other = await notice('OWN-SVC-2');
    const portal = systemActor('citizen:anonymous');
    const mine = await ctx.services.attempts.start(
      entity,
      { noticeNumbers: [other], returnUrls, browserTag: 'x' },
      portal,
    );
    ctx.clock.advance(10 * 60_000);
    const back = await ctx.services.attempts.start(
      entity,
      { noticeNumbers: [other], returnUrls, browserTag: 'x' },
      portal,
    );
    assert.equal(back.attempt.id, mine.attempt.id, 'the same browser gets its own attempt back');
    await assert.rejects(
      ctx.services.attempts.start(entity, { noticeNumbers: [other], returnUrls, browserTag: 'y' }, portal),
      (error: AppError) => error.code === 'PAYMENT_IN_PROGRESS' && error.retryAfterSeconds === 20 * 60,
    );
    await assert.rejects(
      ctx.services.attempts.start(entity, { noticeNumbers: [other], returnUrls }, portal),
      (error: AppError) => error.code === 'PAYMENT_IN_PROGRESS',
      'a start without a browser tag never takes a portal attempt, whatever its actor',
    );
    assert.equal((await attemptsOf(other)).length, 1);
    ctx.clock.set('2026-06-15T10:00:00Z');
  });
});

describe('the portal and a checkout started through the API', () => {
  it('paying in the portal a notice the API holds: the "in progress elsewhere" page, no new attempt, no redirect', async () => {
    const nav = await notice('OWN-API-1');
    const started = await apiStart(nav);
    assert.equal(started.statusCode, 201);
    const apiAttempt = started.json().id as string;
    const citizen = injectBrowser(ctx.app, '198.51.100.80');
    const paid = await portalPay(citizen, nav);
    assert.equal(paid.statusCode, 409);
    assert.equal(paid.headers.location, undefined, 'not sent anywhere');
    assert.doesNotMatch(paid.body, /backoffice\.example|checkout/i, 'nothing of the back office’s attempt');
    assert.doesNotMatch(paid.body, new RegExp(apiAttempt));
    // 10:00 UTC is 12:00 in Rome; the API's attempt holds the notice for 30 minutes.
    assert.match(paid.body, /già in corso, iniziato altrove/);
    assert.match(paid.body, /Riprova dopo le 12:30 del 15\/06\/2026 \(ora italiana\)/);
    assert.deepEqual(await attemptsOf(nav), [apiAttempt], 'no new attempt');
    assert.equal(citizen.cookie('__Host-cassa-payments'), undefined, 'the API’s attempt is not remembered');

    const en = await citizen.request('GET', `/e/${entity.fiscalCode}/avviso/${nav}?lang=en`);
    const paidEn = await citizen.request('POST', `/e/${entity.fiscalCode}/avviso/${nav}/paga`, {
      _csrf: citizen.token(en.body),
    });
    assert.match(paidEn.body, /started elsewhere .* Try again after 12:30 on 15\/06\/2026 \(Italian time\)/);
  });

  it('the browser that started a portal payment gets its own attempt back; another browser and the API do not', async () => {
    const nav = await notice('OWN-PORTAL-1');
    const payer = injectBrowser(ctx.app, '198.51.100.81');
    const first = await portalPay(payer, nav);
    assert.equal(first.statusCode, 303);
    const own = first.headers.location as string;
    assert.match(own, /^\/pagamento\/[0-9a-f-]{36}$/);
    const again = await portalPay(payer, nav);
    assert.equal(again.statusCode, 303, 'a double click or a second tab');
    assert.equal(again.headers.location, own);

    const stranger = injectBrowser(ctx.app, '198.51.100.82');
    const theirs = await portalPay(stranger, nav);
    assert.equal(theirs.statusCode, 409);
    assert.match(theirs.body, /già in corso, iniziato altrove/);
    assert.equal(stranger.cookie('__Host-cassa-payments'), undefined);

    const byApi = await apiStart(nav);
    assert.equal(byApi.statusCode, 409, 'the back office is not handed the citizen’s cart either');
    assert.equal(byApi.json().code, 'PAYMENT_IN_PROGRESS');
    assert.equal(byApi.headers['retry-after'], String(ATTEMPT_TTL_MS / 1000));
    assert.equal((await attemptsOf(nav)).length, 1);
  });

  it('a signed-in citizen’s cart holding a notice the API is paying: the same page, the cart kept as it was', async () => {
    const citizen = DEMO_CITIZENS[2]!;
    const nav = await notice('OWN-CART-1', citizen);
    const b = injectBrowser(ctx.app, '198.51.100.83');
    const form = await b.request('GET', '/accedi');
    const cartUrl = `/e/${entity.fiscalCode}/carrello`;
    await b.request('POST', '/accedi/sandbox', {
      fiscalCode: citizen.fiscalCode,
      next: cartUrl,
      _csrf: b.token(form.body),
    });
    const empty = await b.request('GET', cartUrl);
    assert.equal((await b.request('POST', cartUrl, { nav, _csrf: b.token(empty.body) })).statusCode, 303);
    const apiAttempt = (await apiStart(nav)).json().id as string;
    const cart = await b.request('GET', cartUrl);
    const paid = await b.request('POST', `${cartUrl}/paga`, { _csrf: b.token(cart.body) });
    assert.equal(paid.statusCode, 409);
    assert.equal(paid.headers.location, undefined);
    assert.match(paid.body, /uno di questi avvisi è già in corso, iniziato altrove/);
    assert.match(paid.body, /Riprova dopo le 12:30 del 15\/06\/2026/);
    assert.deepEqual(await attemptsOf(nav), [apiAttempt]);
    assert.match((await b.request('GET', cartUrl)).body, /Posti usati: 1 su 5/, 'the notice is still in the cart');
  });
});
