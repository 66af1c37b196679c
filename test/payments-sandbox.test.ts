// The built-in pagoPA sandbox end to end over real HTTP: a payment started through the API, the
// simulated Checkout page, and the sandbox playing the Nodo against Cassa's own station (verify,
// activation, receipt) before sending the payer back — success, decline, timeout, abandon.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ATTEMPT_TTL_MS, UNKNOWN_GRACE_MS } from '../src/modules/payments/attempts/attempt.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let entity: Entity;
let key: string;
let base: string;
const clock = fixedClock('2026-06-15T10:00:00Z');
const RETURN = {
  ok: 'https://ente.example/ok',
  cancel: 'https://ente.example/cancel',
  error: 'https://ente.example/error',
  waiting: 'https://ente.example/waiting',
};

before(async () => {
  // The station's public URL is the port's, the one its WSDL names.
  portal = await listeningPortal({ host: '127.0.0.1', clock, app: (base) => ({ station: { publicUrl: base } }) });
  ({ base, services } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
});
after(async () => {
  await portal?.close();
});

async function startPayment(iupd: string, body = singlePayment(iupd, 12_000)) {
  const position = await services.positions.create(entity, body, { toPublish: true }, testActor);
  const nav = position.options[0]!.installments[0]!.nav;
  const res = await fetch(`${base}/api/v1/organizations/${entity.fiscalCode}/checkout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ noticeNumbers: [nav], returnUrls: RETURN }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const attempt = (await res.json()) as { id: string; redirectUrl: string; status: string };
  return { nav, attempt };
}

/** Submits the sandbox form; follows Cassa's return route; answers where the payer ends up. */
async function pay(redirectUrl: string, form: Record<string, string>) {
  const page = await fetch(redirectUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /SANDBOX/);
  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (submitted.status !== 303) return { status: submitted.status, body: await submitted.text(), final: undefined };
  const back = submitted.headers.get('location')!;
  assert.ok(back.startsWith(`${base}/checkout/return/`), back);
  const returned = await fetch(back, { redirect: 'manual' });
  assert.equal(returned.status, 303);
  return { status: 303, body: '', final: returned.headers.get('location')! };
}

const receiptsOf = (nav: string) => services.receipts.list(entity, { nav, limit: 10, offset: 0 });

describe('the pagoPA sandbox', () => {
  it('a card payment: the sandbox verifies, activates and sends the receipt to the station; the payer lands on ok', async () => {
    const { nav, attempt } = await startPayment('SB-OK');
    assert.ok(attempt.redirectUrl.startsWith(`${base}/sandbox/checkout/`));
    const result = await pay(attempt.redirectUrl, { method: 'card', card: '4242 4242 4242 4242' });
    assert.equal(result.final, RETURN.ok);
    assert.equal((await services.positions.get(entity, 'SB-OK')).status, 'PAID');
    const { receipts } = await receiptsOf(nav);
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0]!.source, 'paSendRTV2');
    assert.equal(receipts[0]!.pspId, 'CASSA-SANDBOX');
    assert.equal(receipts[0]!.feeCents, 100);
    assert.equal(receipts[0]!.paymentMethod, 'creditCard');
    assert.equal((await services.attempts.get(entity, attempt.id)).status, 'SUCCEEDED');
    // The cart is paid once: the page now says so, and a second submit pays nothing more.
    const again = await fetch(attempt.redirectUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=card&card=4242424242424242',
    });
    assert.equal(again.status, 303);
    assert.equal((await receiptsOf(nav)).receipts.length, 1);
  });

  it('home banking succeeds too; two submits at once still pay once', async () => {
    const { nav, attempt } = await startPayment('SB-BANK');
    const submit = () =>
      fetch(attempt.redirectUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'method=bank',
      });
    const answers = await Promise.all([submit(), submit(), submit()]);
    assert.ok(answers.every((a) => a.status === 303));
    const { receipts } = await receiptsOf(nav);
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0]!.paymentMethod, 'bankTransfer');
    assert.equal((await services.positions.get(entity, 'SB-BANK')).status, 'PAID');
  });

  it('a declined card: no receipt, the payer lands on error, and can try again', async () => {
    const { attempt } = await startPayment('SB-DECLINE');
    const result = await pay(attempt.redirectUrl, { method: 'card', card: '4000 0000 0000 0002' });
    assert.equal(result.final, RETURN.error);
    assert.equal((await services.attempts.get(entity, attempt.id)).status, 'FAILED');
    assert.equal((await services.positions.get(entity, 'SB-DECLINE')).status, 'VALID');
    const nav = (await services.positions.get(entity, 'SB-DECLINE')).options[0]!.installments[0]!.nav;
    const retry = await fetch(`${base}/api/v1/organizations/${entity.fiscalCode}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ noticeNumbers: [nav], returnUrls: RETURN }),
    });
    assert.equal(retry.status, 201);
    const second = (await retry.json()) as { redirectUrl: string };
    assert.equal((await pay(second.redirectUrl, { method: 'card', card: '4242424242424242' })).final, RETURN.ok);
    assert.equal((await services.positions.get(entity, 'SB-DECLINE')).status, 'PAID');
  });

  it('no answer from the provider: the payer waits, no receipt, the reconciler expires the attempt', async () => {
    const { nav, attempt } = await startPayment('SB-TIMEOUT');
    const result = await pay(attempt.redirectUrl, { method: 'card', card: '4000 0000 0000 0119' });
    assert.equal(result.final, RETURN.waiting);
    assert.equal((await services.attempts.get(entity, attempt.id)).status, 'UNKNOWN');
    assert.equal((await receiptsOf(nav)).receipts.length, 0);
    clock.advance(ATTEMPT_TTL_MS + UNKNOWN_GRACE_MS + 1000);
    try {
      await services.attempts.reconcile(testActor);
      assert.equal((await services.attempts.get(entity, attempt.id)).status, 'EXPIRED');
    } finally {
      clock.set('2026-06-15T10:00:00Z');
    }
  });

  it('abandoning: the payer cancels, lands on cancel; nothing reached the station', async () => {
    const { nav, attempt } = await startPayment('SB-CANCEL');
    const result = await pay(attempt.redirectUrl, { method: 'cancel' });
    assert.equal(result.final, RETURN.cancel);
    assert.equal((await services.attempts.get(entity, attempt.id)).status, 'FAILED');
    assert.equal((await receiptsOf(nav)).receipts.length, 0);
  });

  it('an unknown test card shows the page again with the error; the cart stays open', async () => {
    const { attempt } = await startPayment('SB-BADCARD');
    const result = await pay(attempt.redirectUrl, { method: 'card', card: '1234 5678' });
    assert.equal(result.status, 400);
    assert.match(result.body, /role="alert"/);
    assert.match(result.body, /carta di prova/);
    assert.equal((await pay(attempt.redirectUrl, { method: 'card', card: '4242424242424242' })).final, RETURN.ok);
  });

  it('a marca da bollo is bought: the receipt carries its MBDAttachment', async () => {
    const body = singlePayment('SB-STAMP', 1600);
    body.paymentOption[0]!.installments[0]!.transfer = [
      {
        idTransfer: '1',
        amount: 1600,
        remittanceInformation: 'Marca da bollo',
        category: '9/0301116TS/',
        stamp: {
          hashDocument: 'cXVlc3RhIMOoIHVuYSBwcm92YSBkaSBoYXNoIGEgMzIgYnl0ZQ==',
          stampType: '01',
          provincialResidence: 'RM',
        },
      },
    ];
    const { nav, attempt } = await startPayment('SB-STAMP', body);
    assert.equal((await pay(attempt.redirectUrl, { method: 'card', card: '4242424242424242' })).final, RETURN.ok);
    const [receipt] = (await receiptsOf(nav)).receipts;
    assert.ok(receipt!.transfers[0]!.mbdAttachment);
    assert.equal(receipt!.transfers[0]!.iban, undefined);
  });

  it('an unknown cart is a 404 page', async () => {
    const res = await fetch(`${base}/sandbox/checkout/01234567-89ab-7def-8123-456789abcdef`);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /SANDBOX/);
  });
});
