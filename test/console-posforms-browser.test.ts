// The console's position forms and uploads in a real browser (Chromium), with axe (WCAG 2.1 A and AA,
// zero violations) on each page and state: the new position's form, the same form refused with its
// error summary, a position created from it (then its edit form, the invalidation's confirmation and
// the payment form), the uploads page and an import's row-by-row report.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Entity } from '../src/modules/entities/entity.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { canteenService } from './support/catalogue.ts';
import { checkPage, launchChromium } from './support/chromium.ts';
import { enrolledOperator, signInWithBrowser } from './support/console-operators.ts';
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

describe('the console’s position forms and uploads in Chromium', () => {
  it('form → errors → created → edit, invalidate, payment; uploads and an import’s report', async () => {
    const world = { services: portal.services, app: portal.app, clock };
    const email = 'anna@comune.example.it';
    const { secret } = await enrolledOperator(world, { entityId: entity.id, email, roles: ['administrator'] });
    const page = await (await browser.newContext()).newPage();
    await signInWithBrowser(page, portal.base, world, { entityFiscalCode: entity.fiscalCode, email, secret });
    const positions = `${portal.base}/console/e/${entity.fiscalCode}/posizioni`;

    await page.goto(`${positions}/nuova`);
    await checkPage(page, 'posforms-01-new');
    await page.fill('#debtorFiscalCode', 'RSSMRA80A01H501U');
    await page.fill('#debtorName', 'Mario Rossi');
    await page.fill('#amount1', 'dodici');
    await page.fill('#due1', '2026-01-10');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.waitForSelector('#error-summary');
    await checkPage(page, 'posforms-02-errors');
    assert.equal(await page.locator('#error-summary li').count(), 4, 'description, service, amount, due date');

    await page.fill('#description', 'Refezione scolastica');
    await page.selectOption('#service', serviceId);
    await page.fill('#amount1', '1.234,56');
    await page.fill('#due1', '2026-12-31');
    await page.fill('#amount2', '100');
    await page.fill('#due2', '2027-01-31');
    await page.locator('label[for="publish"]').click();
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.waitForURL(/\/posizioni\/C-[0-9a-f-]{36}\?fatto=creata$/);
    const iupd = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    const created = (await portal.services.positions.find(entity, iupd))!;
    assert.deepEqual(
      created.options[0]!.installments.map((i) => i.amountCents),
      [123_456, 10_000],
    );

    await page.goto(`${positions}/${iupd}/modifica`);
    await checkPage(page, 'posforms-03-edit');
    await page.goto(`${positions}/${iupd}/annulla`);
    await checkPage(page, 'posforms-04-invalidate');
    await page.goto(`${positions}/${iupd}/pagamento`);
    await checkPage(page, 'posforms-05-payment');

    const csv = join(tmpdir(), `posforms-browser-${process.pid}.csv`);
    writeFileSync(
      csv,
      'iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category\nB-1;RSSMRA80A01H501U;Mario Rossi;TARI;dodici;31/12/2026;9/0101101IM/\n',
    );
    const { importId } = await portal.services.imports.importFile(
      entity,
      csv,
      { format: 'csv', mode: 'create', toPublish: false, fileName: 'tari.csv' },
      testActor,
    );
    await page.goto(`${portal.base}/console/e/${entity.fiscalCode}/caricamenti`);
    await checkPage(page, 'posforms-06-uploads');
    await page.getByRole('link', { name: 'tari.csv' }).click();
    await page.waitForURL(new RegExp(`/importazioni/${importId}$`));
    assert.match((await page.locator('main table').textContent()) ?? '', /amount/);
    await checkPage(page, 'posforms-07-import-report');
  });
});
