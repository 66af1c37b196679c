// The account statement in a real browser (issue 12): the instalments by due date with "Rata n di m",
// 50 a page, the next page reached with the keyboard only, in German on a body that prints German
// notices — axe (WCAG 2.1 A and AA) on each; screenshots in test/output/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { checkPage, launchChromium, sandboxSignIn } from './support/chromium.ts';
import { ENTITY_B, testActor } from './support/context.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let entity: Entity;
let base: string;
const citizen = DEMO_CITIZENS[4]!;
const debtor = { type: 'F' as const, fiscalCode: citizen.fiscalCode, fullName: citizen.fullName };

before(async () => {
  portal = await listeningPortal({ host: 'localhost', app: (base) => ({ publicUrl: base }) });
  ({ base, services } = portal);
  entity = await services.entities.create({ ...ENTITY_B, noticeLanguage: 'it-de' }, testActor);
  const iban = ENTITY_B.ibans[0];
  // 56 single payments and a plan: 60 instalments, two pages.
  for (let i = 0; i < 56; i++) {
    const body = singlePayment(
      `ST-${String(i).padStart(2, '0')}`,
      1_000 + i,
      `2027-${String(1 + (i % 5)).padStart(2, '0')}-${10 + (i % 9)}`,
      iban,
    );
    body.paymentOption[0]!.debtor = debtor;
    await services.positions.create(entity, body, { toPublish: true }, testActor);
  }
  const plan = fullOrInstalments('ST-PLAN', 3, 30_000, iban);
  // This runs on the real clock: due dates in the next year.
  for (const option of plan.paymentOption) {
    option.debtor = debtor;
    for (const installment of option.installments) installment.dueDate = installment.dueDate.replace('2026', '2027');
  }
  await services.positions.create(entity, plan, { toPublish: true }, testActor);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the statement in a browser', () => {
  it('a page of 50 instalments, the next page with the keyboard, then in German', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/accedi?next=${encodeURIComponent(`/e/${entity.fiscalCode}/estratto`)}`);
    await sandboxSignIn(page, citizen.fiscalCode);
    await page.getByRole('heading', { name: 'Estratto conto' }).waitFor();
    const rows = page.locator('main table tbody tr');
    assert.equal(await rows.count(), 50);
    assert.deepEqual(await page.locator('main table thead th').allTextContents(), [
      'Scadenza',
      'Oggetto',
      'Rata',
      'Importo',
      'Stato',
      'Dettagli',
    ]);
    await checkPage(page, 'statement-01-page-1');

    await page.getByRole('link', { name: 'Pagina successiva' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/pagina=2/);
    assert.equal(await rows.count(), 10);
    const text = (await page.locator('main table').textContent()) ?? '';
    assert.match(text, /Rata 3 di 3/);
    assert.match((await page.getByRole('navigation', { name: 'Pagine' }).textContent()) ?? '', /2 \/ 2/);
    await checkPage(page, 'statement-02-page-2');

    await page.getByRole('link', { name: 'Diese Seite auf Deutsch lesen' }).click();
    await page.getByRole('heading', { name: 'Kontoauszug' }).waitFor();
    assert.match(page.url(), /pagina=2/, 'the same page, in German');
    assert.match((await page.locator('main table').textContent()) ?? '', /Rate 3 von 3/);
    await checkPage(page, 'statement-03-page-2-de');
    await page.context().close();
  });
});
