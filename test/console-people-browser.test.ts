// The operators, roles and audit log pages in a real browser (Chromium) with axe (WCAG 2.1 A and AA,
// zero violations) on each page and state: the lists, the invitation form refused then done with its
// link, an operator's roles, a role defined with a service limit and edited, the audit log with a
// refused filter and the chain verified, and a stale session sent to confirm who it is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { canteenService } from './support/catalogue.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, signInWithBrowser } from './support/console-operators.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let entity: Entity;
let base: string;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', clock, app: (base) => ({ publicUrl: base }) });
  ({ base, services } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  await services.catalogue.create(entity, canteenService(), testActor);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the operators and audit pages in a browser', () => {
  it('each page and state passes axe', async () => {
    const world = { services, app: portal.app, clock };
    const email = 'capo@comune.example.it';
    const { secret } = await enrolledOperator(world, { entityId: entity.id, email, roles: ['administrator'] });
    const clerk = await services.operators.accounts.create(
      { entityId: entity.id, email: 'sara@comune.example.it', displayName: 'Sara Russo', roles: ['help-desk'] },
      testActor,
    );
    const page = await (await browser.newContext()).newPage();
    await signInWithBrowser(page, base, world, { entityFiscalCode: entity.fiscalCode, email, secret });
    const root = `${base}/console/e/${entity.fiscalCode}`;

    await page.goto(`${root}/operatori`);
    await checkPage(page, 'people-01-operators');
    await page.goto(`${root}/operatori/ruoli`);
    await checkPage(page, 'people-02-roles');
    await page.goto(`${root}/operatori/ruoli?lang=en`);
    await checkPage(page, 'people-03-roles-en');
    await page.goto(`${root}/operatori/invita?lang=it`);
    await checkPage(page, 'people-04-invite');
    await page.click('button[type=submit].btn-primary');
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'people-05-invite-refused');
    await page.fill('#email', 'nuovo@comune.example.it');
    await page.fill('#displayName', 'Nino Nuovo');
    await page.getByLabel('Operatore', { exact: true }).check({ force: true });
    await page.click('button[type=submit].btn-primary');
    await page.waitForSelector('#link');
    assert.match(await page.inputValue('#link'), /\/console\/invito\//);
    await checkPage(page, 'people-06-invited');
    await page.goto(`${root}/operatori/${clerk.id}/ruoli`);
    await checkPage(page, 'people-07-operator-roles');
    await page.goto(`${root}/operatori/ruoli/nuovo`);
    await page.click('button[type=submit].btn-primary');
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'people-08-role-refused');
    await page.fill('#name', 'Mensa');
    await page.selectOption('#area_positions', 'write');
    await page.getByLabel(canteenService().title).check({ force: true });
    await page.click('button[type=submit].btn-primary');
    await page.waitForURL(/\/operatori\/ruoli\?fatto=salvato$/);
    await checkPage(page, 'people-09-role-saved');
    await page.getByRole('link', { name: 'Modifica il ruolo Mensa' }).click();
    await checkPage(page, 'people-10-role-edit');
    await page.goto(`${root}/registro`);
    await checkPage(page, 'people-11-audit');
    await page.goto(`${root}/registro?dal=ieri&verifica=1`);
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'people-12-audit-refused');
    await page.goto(`${root}/registro?verifica=1&azione=role.create`);
    assert.match((await page.locator('main').textContent()) ?? '', /Catena verificata/);
    await checkPage(page, 'people-13-audit-verified');
    clock.advance(6 * 60_000);
    await page.goto(`${root}/operatori/invita`);
    await page.waitForURL(/\/console\/conferma\?dopo=/);
    await checkPage(page, 'people-14-confirm');
  });
});
