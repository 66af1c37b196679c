// The help desk and the over-payments in Chromium, keyboard only (Tab, typing, Enter), with axe (WCAG
// 2.1 A and AA, zero violations) on every page and state: sign in with password and TOTP, find a
// citizen by fiscal code, send their receipt again, nothing found, the over-payments worklist and an
// item, then a refund recorded through the confirmation page (a stale session proves who it is again).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import { insertOverpayment } from '../src/modules/receipts/intake/overpayments.db.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, OPERATOR_PASSWORD, totpNow } from './support/console-operators.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
const CF = 'RSSMRA80A01H501U';
const OVERPAYMENT = '01890000-0000-7000-8000-00000000b001';
let portal: ListeningPortal;
let browser: Browser;
let entity: Entity;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', clock, app: (base) => ({ publicUrl: base }) });
  const { services } = portal;
  entity = await services.entities.create(ENTITY_A, testActor);
  const paid = await services.positions.create(entity, singlePayment('HD-B-1'), { toPublish: true }, testActor);
  const nav = paid.options[0]!.installments[0]!.nav;
  const { receipt } = await services.receipts.recordPayment(
    entity,
    nav,
    { source: 'paids', channel: 'COUNTER', receiptId: 'R-HD-BROWSER' },
    testActor,
  );
  assert.ok(receipt);
  // A second notice of theirs, paid, whose receipt stands here for a payment that settled nothing.
  const other = await services.positions.create(entity, singlePayment('HD-B-2'), { toPublish: true }, testActor);
  const otherNav = other.options[0]!.installments[0]!.nav;
  const held = await services.receipts.recordPayment(entity, otherNav, { source: 'paids', channel: 'BANK' }, testActor);
  await insertOverpayment(services.database.db, {
    id: OVERPAYMENT,
    entityId: entity.id,
    receiptRef: held.receipt.id,
    nav: otherNav,
    reason: 'ALREADY_PAID',
    amountCents: held.receipt.amountCents,
    status: 'OPEN',
    note: null,
    createdAt: clock.now(),
    closedAt: null,
    closedBy: null,
  });
  await services.database.db
    .insertInto('citizen_profiles')
    .values({
      fiscal_code: CF,
      email: 'mario.rossi@example.it',
      email_confirmed_at: clock.now(),
      updated_at: clock.now(),
    })
    .execute();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

/** Presses Tab until the element matching `selector` has the focus (the keyboard's way to it). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

/** The text of the element, its white space folded. */
const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

describe('the help desk and a refund with the keyboard only', () => {
  it('sign in → find a citizen → send the receipt again → over-payments → refund through the confirmation page', async () => {
    const world = { services: portal.services, app: portal.app, clock };
    const email = 'capo@comune.example.it';
    const { secret } = await enrolledOperator(world, { entityId: entity.id, email, roles: ['administrator'] });
    const page = await (await browser.newContext()).newPage();
    const root = `${portal.base}/console/e/${entity.fiscalCode}`;

    await page.goto(`${portal.base}/console/accedi`);
    await typeInto(page, '#entity', entity.fiscalCode);
    await typeInto(page, '#email', email);
    await typeInto(page, '#password', OPERATOR_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/accedi\/codice$/);
    await typeInto(page, '#code', await totpNow(world, secret));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console$/);

    await page.goto(`${root}/assistenza`);
    await checkPage(page, 'helpdesk-01-search');
    await typeInto(page, '#q', CF);
    await page.keyboard.press('Enter');
    await page.waitForURL(/assistenza\?q=RSSMRA80A01H501U$/);
    await checkPage(page, 'helpdesk-02-story');
    assert.match(
      await textOf(page, 'main'),
      /Registrato come pagato il 15 giugno 2026 \(Sportello dell'ente\); ricevuta R-HD-BROWSER\./,
    );

    await tabTo(page, 'form[action$="/assistenza/invio"] button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.alert-success');
    await checkPage(page, 'helpdesk-03-sent');
    assert.match(await textOf(page, '.alert-success'), /m\*\*\*@example\.it/);
    await tabTo(page, `main a[href$="/assistenza?q=${CF}"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/assistenza\?q=RSSMRA80A01H501U$/);

    await page.goto(`${root}/assistenza?q=nessuno`);
    await checkPage(page, 'helpdesk-04-nothing');
    await page.goto(`${root}/assistenza?q=${CF}&lang=en`);
    await checkPage(page, 'helpdesk-05-story-en');
    assert.match(
      await textOf(page, 'main'),
      /Recorded as paid on 15 June 2026 \(Entity's counter\); receipt R-HD-BROWSER\./,
    );
    await page.goto(`${root}/assistenza?q=${CF}&lang=it`);

    await page.goto(`${root}/eccedenze`);
    await checkPage(page, 'overpayments-01-list');
    await tabTo(page, `main a[href$="/eccedenze/${OVERPAYMENT}"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/eccedenze/${OVERPAYMENT}$`));
    await checkPage(page, 'overpayments-02-item');

    // Minutes later: the refund's form first asks who is there.
    clock.advance(6 * 60_000);
    await tabTo(page, 'main a[href$="/rimborso"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/conferma\?dopo=/);
    await checkPage(page, 'overpayments-03-confirm');
    await typeInto(page, '#code', await totpNow(world, secret));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/rimborso$/);
    await checkPage(page, 'overpayments-04-refund-form');
    await typeInto(page, '#amount', '200');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'overpayments-05-refund-errors');
    await page.fill('#amount', '');
    await typeInto(page, '#amount', '150');
    await typeInto(page, '#beneficiary', 'Mario Rossi');
    await typeInto(page, '#iban', 'IT60 X054 2811 1010 0000 0123 456');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?fatto=refund$/);
    await checkPage(page, 'overpayments-06-refunded');
    assert.match(await textOf(page, 'main'), /Rimborso registrato/);
    const refunds = await portal.services.database.db.selectFrom('overpayment_refunds').selectAll().execute();
    assert.equal(refunds.length, 1);
    assert.equal(Number(refunds[0]!.amount_cents), 15_000);
  });
});
