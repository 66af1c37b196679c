// The dashboard in a real browser (Chromium) after a generated day of payments: axe (WCAG 2.1 A and
// AA, zero violations) on the page; a payment arriving while it is open shows in the page by itself
// (the live feed and the page's script); and with JavaScript off the page is complete and current.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, signInWithBrowser } from './support/console-operators.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { DAY_CLOCK, type GeneratedDay, generateDay, payByPagopa } from './support/dashboard-day.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const clock = fixedClock(DAY_CLOCK);
let portal: ListeningPortal;
let browser: Browser;
let entity: Entity;
let day: GeneratedDay;
let who: { entityFiscalCode: string; email: string; secret: string };

before(async () => {
  portal = await listeningPortal({ host: 'localhost', clock, app: (base) => ({ publicUrl: base }) });
  const world = { services: portal.services, app: portal.app, clock };
  entity = await portal.services.entities.create(ENTITY_A, testActor);
  day = await generateDay(world, entity);
  const email = 'finanza@comune.example.it';
  const { secret } = await enrolledOperator(world, { entityId: entity.id, email, roles: ['finance-office'] });
  who = { entityFiscalCode: entity.fiscalCode, email, secret };
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

const figure = (key: string) => `[data-figure="${key}"]`;

describe('the dashboard in a browser', () => {
  it('passes axe, and a payment shows in the open page by itself', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInWithBrowser(page, portal.base, { clock }, who);
    await page.goto(`${portal.base}/console/e/${entity.fiscalCode}`);
    assert.equal(await page.locator(figure('collected-day')).getAttribute('data-cents'), '27000');
    await page.getByText('Le cifre si aggiornano da sole').waitFor();
    await checkPage(page, 'dashboard-01');
    await payByPagopa({ ...portal, clock }, entity, day.navs.A3!, 5_000, '2026-03-29T23:00:00');
    await page.locator(`${figure('collected-day')}[data-cents="32000"]`).waitFor({ timeout: 15_000 });
    assert.match((await page.locator('#dashboard-live').textContent()) ?? '', /Cifre aggiornate alle/);
    assert.match((await page.locator('#table-summary').textContent()) ?? '', /320,00/);
    await checkPage(page, 'dashboard-02-live-update');
    await page.goto(`${portal.base}/console/e/${entity.fiscalCode}?lang=en`);
    await checkPage(page, 'dashboard-03-en');
  });

  // axe runs in the page, so not here: the same HTML passed it above.
  it('with JavaScript off, the page is complete (English)', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    clock.advance(30_000);
    await signInWithBrowser(page, portal.base, { clock }, who);
    await page.goto(`${portal.base}/console/e/${entity.fiscalCode}?lang=en`);
    assert.equal(await page.locator(figure('collected-day')).getAttribute('data-cents'), '32000');
    assert.equal(await page.locator('svg[role="img"]').count(), 3);
    assert.equal(await page.locator('table caption').count(), 5);
    assert.match((await page.locator('#table-summary').textContent()) ?? '', /€320\.00/);
  });
});
