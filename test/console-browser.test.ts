// The operator console in a real browser (Debian's Chromium driven by playwright-core), keyboard only
// (Tab, typing, Enter): the invitation, the password, the authenticator app's key read off the page
// and confirmed, the recovery codes, home, signing out, a refused password, and signing in with
// password and TOTP — with axe (WCAG 2.1 A and AA, zero violations) on every page and state visited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const clock = fixedClock('2026-06-15T10:00:00Z');
const PASSWORD = 'tramonto sul Po 1987';
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

/** Presses Tab until the element matching `selector` has the focus (the keyboard's way to it). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${selector}:focus`).count()) > 0) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

describe('the console with the keyboard only', () => {
  it('invitation → password → authenticator → recovery codes → home → sign out → password + code → home', async () => {
    const operator = await services.operators.accounts.create(
      { entityId: entity.id, email: 'lucia@comune.example.it', displayName: 'Lucia Neri', roles: ['operator'] },
      testActor,
    );
    const { url } = await services.operators.invitations.invite(operator.id, testActor);
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await checkPage(page, 'console-01-invitation');
    await typeInto(page, '#password', PASSWORD);
    await typeInto(page, '#passwordRepeat', 'another one entirely');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'console-02-invitation-error');
    await typeInto(page, '#password', PASSWORD);
    await typeInto(page, '#passwordRepeat', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/attiva$/);
    await checkPage(page, 'console-03-enrol');
    const secret = ((await page.locator('#totp-key').textContent()) ?? '').replace(/\s+/g, '');
    await typeInto(page, '#code', await codeNow(secret));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'I tuoi codici di recupero' }).waitFor();
    await checkPage(page, 'console-04-recovery-codes');
    assert.equal(await page.locator('.recovery-codes li').count(), 10);
    await tabTo(page, 'a[href="/console"].btn');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console$/);
    await checkPage(page, 'console-05-home');
    await tabTo(page, 'form[action="/console/esci"] button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/accedi$/);
    await checkPage(page, 'console-06-signin');

    clock.advance(30_000); // the confirmation code's step is spent
    await page.goto(`${base}/console/accedi?ente=${entity.fiscalCode}`);
    await typeInto(page, '#email', 'lucia@comune.example.it');
    await typeInto(page, '#password', 'not the password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'console-07-signin-refused');
    await typeInto(page, '#password', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/accedi\/codice$/);
    await checkPage(page, 'console-08-code');
    await typeInto(page, '#code', await codeNow(secret));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console$/);
    assert.match((await page.locator('main').textContent()) ?? '', /Benvenuto, Lucia Neri\./);
    await page.goto(`${base}/console?lang=en`);
    await checkPage(page, 'console-09-home-en');
  });
});
