// The operator's account page and passkeys in a real browser (Debian's Chromium, playwright-core),
// with Chromium's virtual authenticator (CDP WebAuthn.addVirtualAuthenticator) standing in for a
// security key: the account page, a passkey added with the page's script, signing in with it as the
// second factor, confirming who you are with it, a new authenticator app's page, and the console's
// own 404 — axe (WCAG 2.1 A and AA, zero violations) on every page visited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, OPERATOR_PASSWORD, signInWithBrowser } from './support/console-operators.ts';
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
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

/** A virtual platform authenticator in the page's browser, that verifies its user. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

describe('the account page and passkeys in Chromium', () => {
  it('adds a passkey, signs in with it, confirms with it; the app page and the 404', async () => {
    const world = { services, app: portal.app, clock };
    const { secret } = await enrolledOperator(world, {
      entityId: entity.id,
      email: 'piero@comune.example.it',
      roles: ['help-desk'],
      displayName: 'Piero Gallo',
    });
    const page = await (await browser.newContext()).newPage();
    await virtualAuthenticator(page);
    await signInWithBrowser(page, base, world, {
      entityFiscalCode: entity.fiscalCode,
      email: 'piero@comune.example.it',
      secret,
    });
    await page.getByRole('link', { name: 'Piero Gallo' }).click();
    await page.waitForURL(/\/console\/account$/);
    await page.getByRole('button', { name: 'Aggiungi una passkey' }).waitFor();
    await checkPage(page, 'console-account-01-page');

    await page.fill('#passkeyName', 'Chiave virtuale');
    await page.getByRole('button', { name: 'Aggiungi una passkey' }).click();
    await page.getByRole('rowheader', { name: 'Chiave virtuale' }).waitFor();
    await checkPage(page, 'console-account-02-passkey-added');

    await page.goto(`${base}/console/account/app`);
    await page.locator('#totp-key').waitFor();
    await checkPage(page, 'console-account-03-new-app');

    // Signing out, then in with the password and the passkey instead of the code.
    await page.goto(`${base}/console`);
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL(/\/console\/accedi$/);
    await page.fill('#entity', entity.fiscalCode);
    await page.fill('#email', 'piero@comune.example.it');
    await page.fill('#password', OPERATOR_PASSWORD);
    await page.getByRole('button', { name: 'Continua' }).click();
    await page.waitForURL(/\/console\/accedi\/codice$/);
    await page.getByRole('button', { name: 'Usa una passkey' }).waitFor();
    await checkPage(page, 'console-account-04-code-with-passkey');
    await page.getByRole('button', { name: 'Usa una passkey' }).click();
    await page.waitForURL(/\/console$/);

    // Later, confirming who you are with the passkey.
    clock.advance(6 * 60_000);
    await page.goto(`${base}/console/conferma?dopo=/console/account`);
    await page.getByRole('button', { name: 'Usa una passkey' }).waitFor();
    await checkPage(page, 'console-account-05-confirm-with-passkey');
    await page.getByRole('button', { name: 'Usa una passkey' }).click();
    await page.waitForURL(`${base}/console/account`);
    await page.getByRole('button', { name: 'Rimuovi Chiave virtuale' }).waitFor();

    const missing = await page.goto(`${base}/console/non-esiste`);
    assert.equal(missing?.status(), 404);
    await page.getByRole('heading', { name: 'Pagina non trovata' }).waitFor();
    await checkPage(page, 'console-account-06-not-found');
  });
});
