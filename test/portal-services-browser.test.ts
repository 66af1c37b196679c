// A spontaneous payment in a real browser (Debian's Chromium driven by playwright-core): the public
// catalogue, signing in with the sandbox sign-in to fill in a form, a first attempt with problems
// (the error summary links to each field), then a correct one, "pay now" through the sandbox, paid
// — and axe (WCAG 2.1 A and AA) on every page and state. Screenshots go to test/output/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { CatalogueService } from '../src/modules/catalogue/service.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { canteenService, certificateService } from './support/catalogue.ts';
import { checkPage, launchChromium, payInSandbox, sandboxSignIn } from './support/chromium.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let entity: Entity;
let canteen: CatalogueService;
let base: string;
const citizen = DEMO_CITIZENS[2]!;

before(async () => {
  portal = await listeningPortal({ host: 'localhost', app: (base) => ({ publicUrl: base }) });
  ({ base, services } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  canteen = await services.catalogue.create(entity, canteenService(), testActor);
  await services.catalogue.create(entity, certificateService(), testActor);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

describe('a spontaneous payment', () => {
  it('catalogue, sign-in, a form with problems then right, pay now in the sandbox, paid', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/e/${entity.fiscalCode}/servizi`);
    await page.getByRole('heading', { name: 'Servizi da pagare', level: 1 }).waitFor();
    await checkPage(page, 'services-01-catalogue');

    await page.getByRole('link', { name: /^Compila il modulo\s*: Mensa scolastica - ricarica$/ }).click();
    await page.waitForURL(/\/accedi\?next=/);
    await checkPage(page, 'services-02-sign-in');
    await sandboxSignIn(page, citizen.fiscalCode);
    await page.waitForURL(new RegExp(`/servizi/${canteen.id}$`));
    await page.getByRole('heading', { name: 'Mensa scolastica - ricarica', level: 1 }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(citizen.fiscalCode));
    await checkPage(page, 'services-03-form');

    // First attempt: an amount with three decimals and the pupil's name missing.
    await page.getByLabel('Importo in euro').fill('12,505');
    await page.getByLabel('Numero di pasti').fill('10');
    await page.getByRole('button', { name: 'Crea l’avviso di pagamento' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    const summaryText = (await summary.textContent()) ?? '';
    assert.match(summaryText, /al massimo due decimali/);
    assert.match(summaryText, /Compila il campo «Nome e cognome dell’alunno»/);
    assert.match(summaryText, /Scegli una risposta per «Scuola»/);
    assert.equal(await page.getByLabel('Importo in euro').inputValue(), '12,505', 'what was typed is kept');
    assert.equal(await page.getByLabel('Numero di pasti').inputValue(), '10');
    await checkPage(page, 'services-04-form-errors');
    // The summary's link goes to the field it names.
    await summary.getByRole('link', { name: /Nome e cognome dell’alunno/ }).click();
    await page.waitForURL(/#field-alunno$/);
    assert.equal(await page.locator('#field-alunno').getAttribute('aria-invalid'), 'true');
    const described = (await page.locator('#field-alunno').getAttribute('aria-describedby')) ?? '';
    assert.match(
      (await page.locator(`#${described.split(' ').at(-1)}`).textContent()) ?? '',
      /Compila il campo/,
      'the field points at its own message',
    );

    // Then right.
    await page.getByLabel('Importo in euro').fill('12,50');
    await page.getByLabel('Nome e cognome dell’alunno').fill('Maria Verdi');
    await page.getByLabel('Dal giorno (facoltativo)').fill('14/09/2026');
    await page.locator('label[for="field-scuola-0"]').click();
    await page.getByRole('button', { name: 'Crea l’avviso di pagamento' }).click();
    await page.getByRole('heading', { name: 'Avviso di pagamento creato' }).waitFor();
    const done = (await page.locator('main').textContent()) ?? '';
    assert.match(done, /12,50/);
    assert.match(done, /Mensa Maria Verdi - Primaria G. Verdi/);
    await checkPage(page, 'services-05-created');
    const iupd = `SRV-${/\/richieste\/([0-9a-f-]{36})$/.exec(page.url())![1]}`;
    const position = await services.positions.get(entity, iupd);
    assert.equal(position.options[0]!.debtor.fiscalCode, citizen.fiscalCode);
    assert.equal(position.options[0]!.installments[0]!.amountCents, 1_250);

    // Pay now, through the existing flow and the sandbox.
    await page.getByRole('button', { name: 'Paga ora con pagoPA' }).click();
    await payInSandbox(page, '4242 4242 4242 4242');
    await page.waitForURL(/\/pagamento\/[0-9a-f-]+$/);
    await page.getByRole('heading', { name: 'Pagamento riuscito' }).waitFor();
    await checkPage(page, 'services-06-paid');
    assert.equal((await services.positions.get(entity, iupd)).status, 'PAID');
    await page.context().close();
  });

  it('in English, with the keyboard only', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/accedi`);
    await sandboxSignIn(page, citizen.fiscalCode);
    await page.goto(`${base}/e/${entity.fiscalCode}/servizi?lang=en`);
    await page.getByRole('heading', { name: 'Services to pay for', level: 1 }).waitFor();
    await checkPage(page, 'services-07-catalogue-en');
    await page.getByRole('link', { name: /^Fill in the form\s*: Certificato anagrafico$/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Certificato anagrafico', level: 1 }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /€16\.00/, 'the amount as English readers write it');
    await checkPage(page, 'services-08-form-en');
    await page.getByRole('button', { name: 'Create the payment notice' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Payment notice created' }).waitFor();
    await checkPage(page, 'services-09-created-en');
    await page.context().close();
  });
});
