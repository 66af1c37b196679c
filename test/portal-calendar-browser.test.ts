// The due-date calendar in a real browser (Debian's Chromium driven by playwright-core): signed in
// through the sandbox, the list of due dates, the month view and its neighbours, the calendar
// address made, its feed fetched and read back as iCalendar, a single-event download, reminder
// preferences with an error and then saved, the address revoked — with axe (WCAG 2.1 A and AA) on
// every page and state, and screenshots in test/output/screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { checkPage, launchChromium, sandboxSignIn } from './support/chromium.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { parseIcs } from './support/icalendar.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';
import { type ListeningPortal, listeningPortal } from './support/server.ts';

const citizen = DEMO_CITIZENS[4]!;
let portal: ListeningPortal;
let services: Services;
let browser: Browser;
let entity: Entity;
let base: string;

before(async () => {
  const clock = fixedClock('2026-06-15T10:00:00Z');
  portal = await listeningPortal({ host: 'localhost', clock, app: (base) => ({ publicUrl: base }) });
  ({ base, services } = portal);
  entity = await services.entities.create(ENTITY_A, testActor);
  const debtor = { type: 'F' as const, fiscalCode: citizen.fiscalCode, fullName: citizen.fullName };
  const late = singlePayment('CAL-LATE', 2_500, '2026-07-10');
  late.paymentOption[0]!.installments[0]!.description = 'Mensa scolastica, giugno';
  const soon = singlePayment('CAL-SOON', 4_200, '2026-08-20');
  soon.paymentOption[0]!.installments[0]!.description = 'Lampade votive';
  const plan = fullOrInstalments('CAL-PLAN', 3, 30_000);
  for (const body of [late, soon, plan]) {
    for (const option of body.paymentOption) option.debtor = debtor;
    await services.positions.create(entity, body, { toPublish: true }, testActor);
  }
  // Someone else's debt, which must never show.
  const other = singlePayment('CAL-OTHER', 9_999, '2026-08-20');
  other.paymentOption[0]!.installments[0]!.description = 'Debito di altri';
  await services.positions.create(entity, other, { toPublish: true }, testActor);
  clock.set('2026-08-01T08:00:00Z');
  // An e-mail address confirmed in the profile, by its code, for the e-mail reminders.
  await services.profiles.requestCode(citizen.fiscalCode, 'email', 'luca.esposito@example.it', 'it', testActor);
  const [message] = await services.profiles.testOutbox(citizen.fiscalCode);
  const code = /\b(\d{6})\b/.exec(message!.body)![1]!;
  assert.equal((await services.profiles.confirmCode(citizen.fiscalCode, 'email', code, testActor)).confirmed, true);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await portal?.close();
});

/** Bootstrap Italia draws the checkbox on its label: a person clicks the label. */
const tick = (page: Page, id: string) => page.locator(`label[for="${id}"]`).click();

const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('the due-date calendar in a browser', () => {
  it('list, month view, feed, single event, reminders and revoking — accessible at every step', async () => {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${base}/accedi?next=${encodeURIComponent(`/e/${entity.fiscalCode}/scadenze`)}`);
    await sandboxSignIn(page, citizen.fiscalCode);
    await page.getByRole('heading', { name: 'Scadenze', level: 1 }).waitFor();
    const list = await main(page);
    assert.match(list, /Scadute[\s\S]*Mensa scolastica, giugno[\s\S]*Prossime scadenze[\s\S]*Lampade votive/);
    assert.doesNotMatch(list, /Debito di altri/);
    await checkPage(page, 'calendar-01-list');

    // One instalment as a file for the calendar app.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Aggiungi al calendario \(\.ics\) Lampade votive/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^scadenza-\d{18}\.ics$/);
    const single = parseIcs(readFileSync((await download.path())!, 'utf8'));
    assert.deepEqual(
      single.components.map((e) => [e.name, e.get('DTSTART'), e.get('SUMMARY')]),
      [['VEVENT', '20260820', 'Scadenza: Lampade votive']],
    );

    await page.getByRole('link', { name: 'Vista mensile' }).click();
    await page.getByRole('heading', { name: 'Scadenze: agosto 2026' }).waitFor();
    assert.equal(await page.locator('td[aria-current="date"]').count(), 1);
    assert.match((await page.locator('table').first().textContent()) ?? '', /Lampade votive/);
    await checkPage(page, 'calendar-02-month');
    await page.getByRole('link', { name: /Mese successivo/ }).click();
    await page.getByRole('heading', { name: 'Scadenze: settembre 2026' }).waitFor();
    assert.match(await main(page), /TARI 2026 - rata unica/);
    await checkPage(page, 'calendar-03-month-next');
    // The language switch of the frame keeps the path only, so the month is asked for again.
    await page.goto(`${base}/e/${entity.fiscalCode}/scadenze?mese=2026-09&lang=en`);
    await page.getByRole('heading', { name: 'Due dates: September 2026' }).waitFor();
    await checkPage(page, 'calendar-04-month-en');
    await page.getByRole('link', { name: 'Leggi questa pagina in italiano' }).click();
    await page.getByRole('heading', { name: 'Scadenze', level: 1 }).waitFor();

    // The calendar address: made, shown once, fetched and read back.
    await page.goto(`${base}/e/${entity.fiscalCode}/scadenze`);
    await page.getByRole('link', { name: 'Aggiungi al tuo calendario' }).click();
    await page.getByRole('heading', { name: 'Aggiungi al tuo calendario' }).waitFor();
    await checkPage(page, 'calendar-05-feed-none');
    await page.getByRole('button', { name: 'Crea l’indirizzo del calendario' }).click();
    await page.getByRole('heading', { name: 'Indirizzo del calendario creato' }).waitFor();
    await checkPage(page, 'calendar-06-feed-made');
    const url = await page.getByLabel('Indirizzo del calendario').inputValue();
    assert.match(url, new RegExp(`^${base}/calendario/[A-Za-z0-9_-]{43}\\.ics$`));
    const fetched = await fetch(url);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.headers.get('content-type'), 'text/calendar; charset=utf-8');
    const feed = parseIcs(await fetched.text());
    assert.equal(feed.get('METHOD'), 'PUBLISH');
    assert.deepEqual(
      feed.components.map((e) => [e.get('DTSTART'), e.get('SUMMARY'), e.components.length]),
      [
        ['20260710', 'Scadenza: Mensa scolastica, giugno', 0],
        ['20260820', 'Scadenza: Lampade votive', 0],
        ['20260930', 'Scadenza: TARI 2026 - rata unica', 0],
      ],
    );

    // Reminder preferences: an error first, then saved; the feed gets the alarms.
    await page.goto(`${base}/e/${entity.fiscalCode}/scadenze/promemoria`);
    await page.getByRole('heading', { name: 'Promemoria delle scadenze' }).waitFor();
    await checkPage(page, 'calendar-07-reminders');
    await tick(page, 'sms');
    await page.getByRole('button', { name: 'Salva le preferenze' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /Scegli quanti giorni prima/);
    await checkPage(page, 'calendar-08-reminders-error');
    await page.getByRole('alert').getByRole('link').click();
    assert.equal(new URL(page.url()).hash, '#giorni-1');
    await tick(page, 'giorni-7');
    await tick(page, 'email');
    // No mobile number is confirmed in the profile: SMS off again.
    await tick(page, 'sms');
    await page.getByRole('button', { name: 'Salva le preferenze' }).click();
    await page.getByText('Preferenze dei promemoria salvate.').waitFor();
    assert.equal(await page.getByLabel('7 giorni prima').isChecked(), true);
    assert.equal(await page.getByLabel('Per SMS').isChecked(), false);
    assert.match(await main(page), /all’indirizzo luca\.esposito@example\.it/);
    await checkPage(page, 'calendar-09-reminders-saved');
    const withAlarms = parseIcs(await (await fetch(url)).text());
    for (const event of withAlarms.components) {
      assert.deepEqual(
        event.components.map((a) => a.get('TRIGGER')),
        ['-P7D'],
      );
    }

    // Revoked: the address stops working at once.
    await page.goto(`${base}/e/${entity.fiscalCode}/scadenze/calendario`);
    await page.getByRole('button', { name: 'Revoca l’indirizzo' }).click();
    await page.getByText('L’indirizzo del calendario è stato revocato: non funziona più.').waitFor();
    await checkPage(page, 'calendar-10-feed-revoked');
    assert.equal((await fetch(url)).status, 404);
    await page.context().close();
  });
});
