// The profile and the smart-card sign-in pages in a real browser (Debian's Chromium driven by
// playwright-core): confirming an e-mail address and a mobile number with the codes read from the
// sandbox's test-message page, a wrong code, the language switch, the smart-card button and its
// refusal page — axe (WCAG 2.1 A and AA) on every state, screenshots in test/output/screenshots.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Services } from '../src/services.ts';
import { checkPage, launchChromium, sandboxSignIn } from './support/chromium.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let base: string;
let certs: string;

before(async () => {
  // A smart-card CA, so that the sign-in page offers the card (no card is presented over plain HTTP).
  certs = mkdtempSync(join(tmpdir(), 'cassa-profile-browser-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=card-ca',
    ]),
    { cwd: certs, stdio: 'pipe' },
  );
  portal = await listeningPortal({
    host: 'localhost',
    app: (base) => ({
      publicUrl: base,
      smartCard: { ca: readFileSync(join(certs, 'ca.pem')), policyOids: ['1.3.76.16.2.1'] },
    }),
  });
  ({ base, services } = portal);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
  if (certs) rmSync(certs, { recursive: true, force: true });
});

/** The newest code sent to `to`, read on the test-message page as the citizen would. */
async function codeFor(page: Page, to: string): Promise<string> {
  await page.getByRole('link', { name: 'Apri i messaggi di prova' }).first().click();
  await page.getByRole('heading', { name: 'Messaggi di prova' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: to }).first();
  const code = /\b(\d{6})\b/.exec((await row.textContent()) ?? '')?.[1];
  assert.ok(code, `a code for ${to}`);
  return code;
}

describe('the profile', () => {
  it('confirms an e-mail address and a mobile number with codes, and switches the language', async () => {
    const citizen = DEMO_CITIZENS[0]!;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/profilo`);
    await page.waitForURL(/\/accedi\?next=%2Fprofilo$/);
    await checkPage(page, 'profile-01-signin-with-card');
    await sandboxSignIn(page, citizen.fiscalCode);
    await page.waitForURL(/\/profilo$/);
    await page.getByRole('heading', { name: 'Profilo', level: 1 }).waitFor();
    await checkPage(page, 'profile-02-empty');

    await page.getByLabel('Nuovo indirizzo e-mail').fill('mario.rossi@esempio');
    await page.getByRole('button', { name: 'Invia il codice di conferma' }).first().click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /nel formato nome@esempio\.it/);
    assert.equal(await page.getByLabel('Nuovo indirizzo e-mail').inputValue(), 'mario.rossi@esempio');
    await checkPage(page, 'profile-03-email-error');
    // The summary's link takes the focus to the field.
    await page.getByRole('alert').getByRole('link').click();
    assert.equal(await page.locator('#email:focus').count(), 1);

    await page.getByLabel('Nuovo indirizzo e-mail').fill('mario.rossi@esempio.it');
    await page.getByRole('button', { name: 'Invia il codice di conferma' }).first().click();
    await page.getByLabel('Codice di conferma (6 cifre)').waitFor();
    assert.match((await page.getByRole('status').textContent()) ?? '', /il codice non è stato inviato davvero/);
    await checkPage(page, 'profile-04-email-code');

    const code = await codeFor(page, 'mario.rossi@esempio.it');
    await checkPage(page, 'profile-05-test-outbox');
    await page.getByRole('link', { name: 'Torna al profilo' }).click();

    await page.getByLabel('Codice di conferma (6 cifre)').fill(code === '999999' ? '000000' : '999999');
    await page.getByRole('button', { name: 'Conferma', exact: true }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Tentativi rimasti: 4/);
    await checkPage(page, 'profile-06-wrong-code');
    await page.getByLabel('Codice di conferma (6 cifre)').fill(code);
    await page.getByRole('button', { name: 'Conferma', exact: true }).click();
    await page.getByText('Indirizzo e-mail confermato.').waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /mario\.rossi@esempio\.it, confermato il/);
    await checkPage(page, 'profile-07-email-confirmed');

    await page.getByLabel('Nuovo numero di cellulare').fill('333 765 4321');
    await page.getByRole('button', { name: 'Invia il codice di conferma' }).last().click();
    await page.getByLabel('Codice di conferma (6 cifre)').waitFor();
    const sms = await codeFor(page, '+393337654321');
    await page.getByRole('link', { name: 'Torna al profilo' }).click();
    await page.getByLabel('Codice di conferma (6 cifre)').fill(sms);
    await page.getByRole('button', { name: 'Conferma', exact: true }).click();
    await page.getByText('Numero di cellulare confermato.').waitFor();
    assert.deepEqual(await services.profiles.confirmedContacts(citizen.fiscalCode), {
      email: 'mario.rossi@esempio.it',
      mobile: '+393337654321',
      language: undefined,
    });

    await page.locator('label[for="language-en"]').click();
    await page.getByRole('button', { name: 'Salva la lingua' }).click();
    await page.getByText('Language saved.').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await checkPage(page, 'profile-08-english');
    assert.equal((await services.profiles.confirmedContacts(citizen.fiscalCode)).language, 'en');
    await page.context().close();
  });

  it('the smart-card refusal page, when the browser presents no certificate', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/accedi`);
    await page.getByRole('link', { name: 'Accedi con la carta' }).click();
    await page.getByRole('heading', { name: 'Accesso con la carta non riuscito' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /non ha presentato alcun certificato/);
    await checkPage(page, 'profile-09-smartcard-refused');
    await page.context().close();
  });
});
