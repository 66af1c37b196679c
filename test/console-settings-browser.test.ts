// The console's settings pages in a real browser (Chromium), with axe (WCAG 2.1 A and AA, zero
// violations) on each page and state: API keys (the list, the new key's form refused, the key shown
// once, the revocation's confirmation), webhooks (the form refused, the secret shown once, an
// endpoint's deliveries), the catalogue (list, a service, its form refused) and the entity's settings
// (refused, then saved).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { canteenService } from './support/catalogue.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, signInWithBrowser } from './support/console-operators.ts';
import { failedDelivery } from './support/console-samples.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
let portal: ListeningPortal;
let browser: Browser;
let entity: Entity;
let serviceId: string;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', clock, app: (base) => ({ publicUrl: base }) });
  entity = await portal.services.entities.create(ENTITY_A, testActor);
  serviceId = (await portal.services.catalogue.create(entity, canteenService(), testActor)).id;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the console’s settings pages in Chromium', () => {
  it('keys, webhooks, catalogue and settings: each page and form error state', async () => {
    const world = { services: portal.services, app: portal.app, clock };
    const email = 'anna@comune.example.it';
    const { secret } = await enrolledOperator(world, { entityId: entity.id, email, roles: ['administrator'] });
    const page = await (await browser.newContext()).newPage();
    await signInWithBrowser(page, portal.base, world, { entityFiscalCode: entity.fiscalCode, email, secret });
    const root = `${portal.base}/console/e/${entity.fiscalCode}`;

    await page.goto(`${root}/chiavi/nuova`);
    await checkPage(page, 'settings-01-key-form');
    await page.getByRole('button', { name: 'Crea la chiave' }).click();
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'settings-02-key-errors');
    await page.fill('#name', 'Gestionale');
    await page.locator('label[for="grant_positions_read"]').click();
    await page.getByRole('button', { name: 'Crea la chiave' }).click();
    await page.waitForSelector('#secret');
    await checkPage(page, 'settings-03-key-shown');
    assert.match((await page.locator('#secret').textContent()) ?? '', /^cassa_/);
    await page.goto(`${root}/chiavi`);
    await checkPage(page, 'settings-04-keys');
    await page.getByRole('link', { name: 'Revoca la chiave Gestionale' }).click();
    await checkPage(page, 'settings-05-key-revoke');

    await page.goto(`${root}/webhook/nuovo`);
    await page.fill('#url', 'http://non-sicuro.example.it');
    await page.getByRole('button', { name: 'Aggiungi l’indirizzo' }).click();
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'settings-06-webhook-errors');
    await page.fill('#url', 'https://127.0.0.1:9/cassa');
    await page.locator('label[for="event_position.paid"]').click();
    await page.getByRole('button', { name: 'Aggiungi l’indirizzo' }).click();
    await page.waitForSelector('#secret');
    await checkPage(page, 'settings-07-webhook-secret');
    const [endpoint] = await portal.services.webhooks.list(entity);
    await failedDelivery({ services: portal.services } as never, entity, endpoint!.id);
    await page.goto(`${root}/webhook`);
    await checkPage(page, 'settings-08-webhooks');
    await page.goto(`${root}/webhook/${endpoint!.id}`);
    await checkPage(page, 'settings-09-deliveries');

    await page.goto(`${root}/catalogo`);
    await checkPage(page, 'settings-10-catalogue');
    await page.goto(`${root}/catalogo/${serviceId}`);
    await checkPage(page, 'settings-11-service');
    await page.goto(`${root}/catalogo/${serviceId}/modifica`);
    await page.fill('#minAmount', 'cinque');
    await page.getByRole('button', { name: 'Salva il servizio' }).click();
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'settings-12-service-errors');

    await page.goto(`${root}/impostazioni`);
    await page.fill('#cbill', 'AB-1');
    await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'settings-13-entity-errors');
    await page.fill('#cbill', 'AB12C');
    await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
    await page.waitForURL(/\?fatto=salvate$/);
    await checkPage(page, 'settings-14-entity-saved');
    assert.equal((await portal.services.entities.byId(entity.id))!.cbill, 'AB12C');
  });
});
