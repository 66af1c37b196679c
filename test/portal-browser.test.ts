// The citizen portal in a real browser (Debian's Chromium driven by playwright-core): paying a notice
// by its number without signing in (the notice's PDF only with the debtor's fiscal code), through
// the sandbox, with a failure and a retry, the receipt downloaded, the English switch — and axe
// (WCAG 2.1 A and AA) on every page and state visited.
// Screenshots of the pages are kept in test/output/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { formatNoticeNumber } from '../src/shared/identifiers/notice-number.ts';
import { checkPage, launchChromium, payInSandbox, sandboxSignIn } from './support/chromium.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { DEBTOR, singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let entity: Entity;
let base: string;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', app: (base) => ({ publicUrl: base }) });
  ({ base, services } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

async function notice(iupd: string, cents = 12_345) {
  const position = await services.positions.create(entity, singlePayment(iupd, cents), { toPublish: true }, testActor);
  return position.options[0]!.installments[0]!.nav;
}

async function lookUp(page: Page, nav: string) {
  await page.goto(`${base}/e/${entity.fiscalCode}`);
  await page.getByLabel('Codice avviso').fill(formatNoticeNumber(nav));
  await page.getByRole('button', { name: 'Continua' }).click();
}

async function payNow(page: Page, card: string) {
  await page.getByRole('button', { name: 'Paga ora con pagoPA' }).click();
  // The portal's page sends the payer on to the (simulated) Checkout by itself.
  await payInSandbox(page, card);
  await page.waitForURL(/\/pagamento\/[0-9a-f-]+$/);
}

describe('paying a notice without signing in', () => {
  it('look-up with an error, the notice, the sandbox, the result and the receipt', async () => {
    const nav = await notice('WEB-1');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/`);
    assert.match(page.url(), /\/e\/80016350821$/, 'one entity: its home page');
    await checkPage(page, '01-entity-home');

    await page.getByRole('button', { name: 'Continua' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Inserisci il codice avviso/);
    await checkPage(page, '02-lookup-error');

    await lookUp(page, nav);
    await page.getByRole('heading', { name: 'Avviso di pagamento' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /123,45/);
    await checkPage(page, '03-notice');
    // The PDF names the debtor: a stranger gets it only by typing the debtor's fiscal code.
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', new RegExp(DEBTOR.fullName));
    await page.getByLabel('Codice fiscale dell’intestatario').fill(DEMO_CITIZENS[3]!.fiscalCode);
    await page.getByRole('button', { name: /Scarica l’avviso/ }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /non è quello dell’intestatario/);
    await checkPage(page, '03b-notice-pdf-wrong-code');
    await page.getByLabel('Codice fiscale dell’intestatario').fill(DEBTOR.fiscalCode);
    const [noticePdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Scarica l’avviso/ }).click(),
    ]);
    const { readFileSync: read } = await import('node:fs');
    assert.equal(
      read(await noticePdf.path())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
      'the notice itself, as PDF',
    );

    await page.getByRole('button', { name: 'Paga ora con pagoPA' }).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    await checkPage(page, '04-sandbox-checkout');
    await page.getByLabel(/Numero della carta di prova/).fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Paga/ }).click();
    await page.waitForURL(/\/pagamento\/[0-9a-f-]+$/);
    await page.getByRole('heading', { name: 'Pagamento riuscito' }).waitFor();
    await checkPage(page, '05-paid');
    assert.equal((await services.positions.get(entity, 'WEB-1')).status, 'PAID');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Scarica la ricevuta/ }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
    await page.context().close();
  });

  it('a declined card: "not completed", then a retry that succeeds', async () => {
    const nav = await notice('WEB-2', 5_000);
    const page = await (await browser.newContext()).newPage();
    await lookUp(page, nav);
    await payNow(page, '4000 0000 0000 0002');
    await page.getByRole('heading', { name: 'Pagamento non completato' }).waitFor();
    await checkPage(page, '06-not-completed');
    await page.getByRole('button', { name: 'Riprova il pagamento' }).click();
    await payInSandbox(page, '4242424242424242');
    await page.getByRole('heading', { name: 'Pagamento riuscito' }).waitFor();
    assert.equal((await services.positions.get(entity, 'WEB-2')).status, 'PAID');
    await page.context().close();
  });

  it('in English, and the not-found page', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/e/${entity.fiscalCode}`);
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.getByRole('heading', { name: 'Pay a notice' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await checkPage(page, '07-entity-home-en');
    await page.goto(`${base}/e/${entity.fiscalCode}/avviso/301000000000999960`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await checkPage(page, '08-not-found-en');
    await page.context().close();
  });

  it('the whole journey with the keyboard alone', async () => {
    const nav = await notice('WEB-KEYS', 2_500);
    const page = await (await browser.newContext()).newPage();
    /** Presses Tab until the focused element matches, as a keyboard user would. */
    const tabTo = async (matches: string) => {
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        if ((await page.locator(`${matches}:focus`).count()) > 0) return;
      }
      assert.fail(`could not reach ${matches} with the Tab key`);
    };
    await page.goto(`${base}/e/${entity.fiscalCode}`);
    await tabTo('#nav');
    await page.keyboard.type(nav);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Avviso di pagamento' }).waitFor();
    await tabTo('button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sandbox\/checkout\//);
    await tabTo('#card');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Pagamento riuscito' }).waitFor();
    await tabTo('a[href*="/ricevuta/"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /^ricevuta-\d{18}\.pdf$/);
    await page.context().close();
  });

  it('signed in through the sandbox: the account statement and a position, then signing out', async () => {
    const citizen = DEMO_CITIZENS[2]!;
    const body = singlePayment('WEB-MINE', 7_700);
    body.paymentOption[0]!.debtor = { type: 'F', fiscalCode: citizen.fiscalCode, fullName: citizen.fullName };
    await services.positions.create(entity, body, { toPublish: true }, testActor);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/e/${entity.fiscalCode}`);
    await page.getByRole('banner').getByRole('link', { name: 'Accedi' }).click();
    await page.getByRole('heading', { name: 'Accedi ai tuoi pagamenti' }).waitFor();
    await checkPage(page, '09-sign-in');
    await sandboxSignIn(page, citizen.fiscalCode);
    await page.getByRole('heading', { name: 'Estratto conto' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /77,00/);
    await checkPage(page, '10-statement');
    await page.getByRole('link', { name: /Dettagli/ }).click();
    await page.getByRole('heading', { name: 'TARI 2026' }).waitFor();
    await checkPage(page, '11-position');
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.goto(`${base}/e/${entity.fiscalCode}/estratto`);
    assert.match(page.url(), /\/accedi\?next=/);
    await page.context().close();
  });

  it('a cart of two notices paid in the sandbox: declined first, retried, then the receipts in the history', async () => {
    const citizen = DEMO_CITIZENS[1]!;
    for (const [iupd, cents] of [
      ['WEB-CART-1', 1_500],
      ['WEB-CART-2', 2_700],
    ] as const) {
      const body = singlePayment(iupd, cents);
      body.paymentOption[0]!.debtor = { type: 'F', fiscalCode: citizen.fiscalCode, fullName: citizen.fullName };
      await services.positions.create(entity, body, { toPublish: true }, testActor);
    }
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/accedi?next=/e/${entity.fiscalCode}/estratto`);
    await sandboxSignIn(page, citizen.fiscalCode);
    for (const iupd of ['WEB-CART-1', 'WEB-CART-2']) {
      await page.goto(`${base}/e/${entity.fiscalCode}/posizioni/${iupd}`);
      await page.getByRole('button', { name: /Aggiungi al carrello/ }).click();
      await page.getByRole('heading', { name: 'Carrello' }).waitFor();
    }
    assert.match((await page.locator('main').textContent()) ?? '', /Posti usati: 2 su 5/);
    await checkPage(page, '12-cart');
    await page.getByRole('button', { name: /Paga 42,00/ }).click();
    await payInSandbox(page, '4000 0000 0000 0002');
    await page.getByRole('heading', { name: 'Pagamento non completato' }).waitFor();
    await checkPage(page, '13-cart-not-completed');
    await page.getByRole('button', { name: 'Riprova il pagamento' }).click();
    await payInSandbox(page, '4242424242424242');
    await page.getByRole('heading', { name: 'Pagamento riuscito' }).waitFor();
    await checkPage(page, '14-cart-paid');
    assert.equal((await services.positions.get(entity, 'WEB-CART-1')).status, 'PAID');
    assert.equal((await services.positions.get(entity, 'WEB-CART-2')).status, 'PAID');
    await page.goto(`${base}/e/${entity.fiscalCode}/pagamenti`);
    await page.getByRole('heading', { name: 'Pagamenti e ricevute' }).waitFor();
    await checkPage(page, '15-payments');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('link', { name: /Scarica la ricevuta/ })
        .first()
        .click(),
    ]);
    const { readFileSync } = await import('node:fs');
    assert.equal(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    await page.goto(`${base}/e/${entity.fiscalCode}/carrello`);
    assert.match((await page.locator('main').textContent()) ?? '', /Il carrello è vuoto/);
    await page.context().close();
  });
});
