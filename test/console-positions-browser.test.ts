// The console's positions pages in a real browser (Chromium), with axe (WCAG 2.1 A and AA, zero
// violations) on each page and state: the search form, its results, a sort heading reached and
// followed with the keyboard (aria-sort follows), a position's page with its timeline, in Italian and
// English, and another entity's position (not found).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, signInWithBrowser } from './support/console-operators.ts';
import { positionsWorld } from './support/console-positions.ts';
import { ENTITY_A, ENTITY_B, testActor } from './support/context.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
let portal: ListeningPortal;
let browser: Browser;
let a: Entity;
let secret: string;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', clock, app: (base) => ({ publicUrl: base }) });
  const { services } = portal;
  a = await services.entities.create(ENTITY_A, testActor);
  const b = await services.entities.create(ENTITY_B, testActor);
  const world = await positionsWorld(services, a, b);
  await services.receipts.recordPayment(
    a,
    world.rossi.options[0]!.installments[0]!.nav,
    { source: 'paids', channel: 'BANK', receiptId: 'R-BROWSER-1' },
    testActor,
  );
  ({ secret } = await enrolledOperator(
    { services, app: portal.app, clock },
    { entityId: a.id, email: 'anna@comune.example.it', roles: ['administrator'] },
  ));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

/** Presses Tab until the element matching `selector` has the focus (the keyboard's way to it). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

const iupds = (page: Page) => page.locator('#positions tbody th[scope=row] a').allTextContents();

describe('the positions pages in a browser', () => {
  it('search → results → sort by the keyboard → a position’s page, each page accessible', async () => {
    const page = await (await browser.newContext()).newPage();
    const base = `${portal.base}/console/e/${a.fiscalCode}/posizioni`;
    await signInWithBrowser(
      page,
      portal.base,
      { clock },
      { entityFiscalCode: a.fiscalCode, email: 'anna@comune.example.it', secret },
    );
    await page.goto(base);
    await checkPage(page, 'positions-01-search');
    assert.deepEqual((await iupds(page)).sort(), ['DITTA-7', 'TARI-001', 'TARI-003']);

    await tabTo(page, '#q');
    await page.keyboard.type('rossi');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=rossi/);
    await checkPage(page, 'positions-02-results');
    assert.deepEqual((await iupds(page)).sort(), ['TARI-001', 'TARI-003']);

    await tabTo(page, 'a.sort-link[href*="ordina=iupd"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/ordina=iupd&verso=asc/);
    assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 1);
    assert.deepEqual(await iupds(page), ['TARI-001', 'TARI-003']);
    await tabTo(page, 'a.sort-link[href*="ordina=iupd"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/ordina=iupd&verso=desc/);
    assert.deepEqual(await iupds(page), ['TARI-003', 'TARI-001']);
    await checkPage(page, 'positions-03-sorted');

    await tabTo(page, '#positions a[href$="/posizioni/TARI-001"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/posizioni\/TARI-001$/);
    await checkPage(page, 'positions-04-detail');
    const timeline = (await page.locator('#timeline').textContent()) ?? '';
    assert.match(timeline, /Ricevuta R-BROWSER-1: pagati 150,00\s€/);
    assert.match(timeline, /Posizione creata/);

    await page.goto(`${base}/TARI-003?lang=en`);
    await checkPage(page, 'positions-05-detail-draft-en');
    assert.match((await page.locator('#actions').textContent()) ?? '', /Publish/);

    await page.goto(`${base}/esportazioni`);
    await checkPage(page, 'positions-06-exports');

    const missing = await page.goto(`${base}/B-ONLY`);
    assert.equal(missing?.status(), 404);
    await checkPage(page, 'positions-07-not-found');
  });
});
