// The due-date calendar on the portal: the list (overdue, upcoming) and the month grid of the
// signed-in citizen's own open instalments, the single-event .ics, the private iCalendar feed of
// every entity (read back by a strict parser; replaced and revoked addresses answer 404 at once),
// and the reminder preferences with their validation and audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import type { GpdPosition } from '../src/modules/positions/gpd-v3.mapper.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { type IcsComponent, parseIcs } from './support/icalendar.ts';
import { fullOrInstalments, singlePayment } from './support/positions.ts';

let ctx: TestContext;
let a: Entity;
let b: Entity;
const mine = DEMO_CITIZENS[0]!;
const theirs = DEMO_CITIZENS[1]!;
const nav: Record<string, string> = {};

function of(body: GpdPosition, who: { fiscalCode: string; fullName: string }, subject?: string): GpdPosition {
  for (const option of body.paymentOption) {
    option.debtor = { type: 'F', fiscalCode: who.fiscalCode, fullName: who.fullName };
    if (subject) for (const i of option.installments) i.description = subject;
  }
  return body;
}

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  a = await ctx.services.entities.create(ENTITY_A, testActor);
  b = await ctx.services.entities.create(ENTITY_B, testActor);
  const create = async (entity: Entity, body: GpdPosition) => {
    const p = await ctx.services.positions.create(entity, body, { toPublish: true }, testActor);
    return p.options[0]!.installments[0]!.nav;
  };
  nav.late = await create(a, of(singlePayment('LATE-1', 2_500, '2026-07-10'), mine, 'Mensa, giugno; «sala» \\ 2026'));
  nav.soon = await create(a, of(singlePayment('SOON-1', 4_200, '2026-08-20'), mine, 'Lampade votive'));
  nav.plan = await create(a, of(fullOrInstalments('PLAN-1', 3, 30_000), mine));
  nav.undated = await create(a, of(singlePayment('OPEN-1', 7_700, '2099-12-31'), mine, 'Senza scadenza'));
  nav.elsewhere = await create(
    b,
    of(singlePayment('B-1', 1_234, '2026-09-15', ENTITY_B.ibans[0]), mine, 'Canone altrove'),
  );
  nav.theirs = await create(a, of(singlePayment('THEIRS-1', 9_999, '2026-08-20'), theirs, 'Debito di altri'));
  nav.paid = await create(a, of(singlePayment('PAID-1', 5_555, '2026-08-25'), mine, 'Già pagato'));
  await ctx.services.receipts.recordPayment(a, nav.paid, { source: 'paids', channel: 'BANK' }, testActor);
  // Later in the summer: the July due date has passed.
  ctx.clock.set('2026-08-01T08:00:00Z');
});
after(() => ctx.close());

async function signedIn(who = mine) {
  const browser = injectBrowser(ctx.app);
  const next = `/e/${a.fiscalCode}/scadenze`;
  const form = await browser.request('GET', `/accedi?next=${encodeURIComponent(next)}`);
  const done = await browser.request('POST', '/accedi/sandbox', {
    fiscalCode: who.fiscalCode,
    next,
    _csrf: browser.token(form.body),
  });
  assert.equal(done.headers.location, next);
  return browser;
}

/** Confirms an e-mail address in the citizen's profile, the way the profile page does: by its code. */
async function confirmEmail(fiscalCode: string, address: string) {
  const profiles = ctx.services.profiles;
  assert.deepEqual(await profiles.requestCode(fiscalCode, 'email', address, 'it', testActor), {
    sent: true,
    to: 'test-outbox',
  });
  const [message] = await profiles.testOutbox(fiscalCode);
  const code = /\b(\d{6})\b/.exec(message!.body)![1]!;
  assert.equal((await profiles.confirmCode(fiscalCode, 'email', code, testActor)).confirmed, true);
}

const audits = (action: string) =>
  ctx.services.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

/** Only the text between two headings of the list page. */
const section = (body: string, from: string, to: string) => body.slice(body.indexOf(from), body.indexOf(to));

describe('the list of due dates', () => {
  it('shows the citizen’s open instalments at the entity, overdue first, with links', async () => {
    const browser = await signedIn();
    const res = await browser.request('GET', `/e/${a.fiscalCode}/scadenze`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const overdue = section(res.body, 'id="scadute"', 'id="prossime"');
    const upcoming = section(res.body, 'id="prossime"', '</main>');
    assert.match(overdue, /Mensa, giugno; «sala» &#92; 2026/);
    assert.match(overdue, /10\/07\/2026/);
    assert.match(overdue, /Da pagare, scadenza passata/);
    assert.match(upcoming, /Lampade votive/);
    assert.match(upcoming, /42,00/);
    // The plan counts through its cheapest way (pay in full): one event, not four.
    assert.match(upcoming, /TARI 2026 - rata unica/);
    assert.doesNotMatch(res.body, /TARI 2026 - rata 1/);
    assert.ok(upcoming.indexOf('20/08/2026') < upcoming.indexOf('30/09/2026'), 'by date');
    assert.match(res.body, new RegExp(`href="/e/${a.fiscalCode}/posizioni/SOON-1"`));
    assert.match(res.body, new RegExp(`href="/e/${a.fiscalCode}/scadenze/${nav.soon}.ics"`));
    // Not the other citizen's, not a paid one, not one with no due date, not another entity's.
    for (const absent of [/Debito di altri/, /99,99/, /Già pagato/, /Senza scadenza<\/td>/, /Canone altrove/])
      assert.doesNotMatch(res.body, absent);
    assert.match(res.body, /Gli avvisi senza scadenza non compaiono nel calendario/);
    assert.match(res.body, /aria-current="page"[^>]*>|class="nav-link active"/);
  });

  it('says so when there is nothing, and answers 404 for an unknown entity', async () => {
    const browser = await signedIn(DEMO_CITIZENS[2]!);
    const res = await browser.request('GET', `/e/${a.fiscalCode}/scadenze`);
    assert.match(res.body, /Non hai scadenze passate da pagare/);
    assert.match(res.body, /Non hai scadenze in arrivo/);
    assert.equal((await browser.request('GET', '/e/00000000000/scadenze')).statusCode, 404);
  });
});

describe('the month view', () => {
  it('is a table of weeks with the events on their days and links to the months around', async () => {
    const browser = await signedIn();
    const res = await browser.request('GET', `/e/${a.fiscalCode}/scadenze?mese=2026-08`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<caption>agosto 2026<\/caption>/);
    assert.equal((section(res.body, '<thead>', '</thead>').match(/<th scope="col">/g) ?? []).length, 7, 'the weekdays');
    assert.match(res.body, /<span class="visually-hidden">lunedì<\/span>/);
    // August 2026 begins on a Saturday: five blank cells first; six weeks.
    assert.equal((res.body.match(/<tr>\s*<td><\/td>/g) ?? []).length, 1);
    assert.equal(section(res.body, '<tbody>', '</tbody>').split('<tr>').length - 1, 6);
    assert.match(res.body, /aria-current="date"[\s\S]*1 agosto 2026, oggi/);
    assert.match(res.body, /20 agosto 2026<\/span>\s*<ul[\s\S]*Lampade votive/);
    assert.match(res.body, /href="\/e\/80016350821\/scadenze\?mese=2026-07" rel="prev"/);
    assert.match(res.body, /href="\/e\/80016350821\/scadenze\?mese=2026-09" rel="next"/);
    assert.doesNotMatch(res.body, /Debito di altri|Mensa/);
    const english = await browser.request('GET', `/e/${a.fiscalCode}/scadenze?mese=2026-09&lang=en`);
    assert.match(english.body, /<caption>September 2026<\/caption>/);
    assert.match(english.body, /TARI 2026 - rata unica/);
    const empty = await browser.request('GET', `/e/${a.fiscalCode}/scadenze?mese=2027-03`);
    assert.match(empty.body, /No due dates this month/);
  });

  it('answers 404 for a month that is not one', async () => {
    const browser = await signedIn();
    for (const bad of ['2026-13', '26-08', '2026-8', '2099-01', 'x'])
      assert.equal((await browser.request('GET', `/e/${a.fiscalCode}/scadenze?mese=${bad}`)).statusCode, 404, bad);
  });
});

function events(calendar: IcsComponent) {
  return calendar.components.filter((c) => c.name === 'VEVENT');
}

describe('a single due date as an .ics file', () => {
  it('downloads one event of the citizen’s own, and 404 for anything else', async () => {
    const browser = await signedIn();
    const res = await browser.request('GET', `/e/${a.fiscalCode}/scadenze/${nav.soon}.ics`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['content-disposition'], `attachment; filename="scadenza-${nav.soon}.ics"`);
    const [event, ...more] = events(parseIcs(res.body));
    assert.equal(more.length, 0);
    assert.equal(event!.get('UID'), `${a.fiscalCode}-${nav.soon}@localhost:3000`);
    assert.equal(event!.get('DTSTART'), '20260820');
    assert.equal(event!.get('SUMMARY'), 'Scadenza: Lampade votive');
    const notFound = await browser.request('GET', '/e/00000000000/scadenze/x.ics');
    for (const other of [nav.theirs, nav.paid, nav.undated, nav.elsewhere, '301000000000000999', 'abc']) {
      const refused = await browser.request('GET', `/e/${a.fiscalCode}/scadenze/${other}.ics`);
      assert.equal(refused.statusCode, 404, other);
      assert.match(refused.body, /Pagina non trovata/);
    }
    assert.equal(notFound.statusCode, 404);
  });
});

describe('the calendar feed', () => {
  const feedPage = `/e/80016350821/scadenze/calendario`;

  async function newFeed(browser: Awaited<ReturnType<typeof signedIn>>) {
    const form = await browser.request('GET', feedPage);
    const res = await browser.request('POST', feedPage, { azione: 'nuovo', _csrf: browser.token(form.body) });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['cache-control'], 'no-store');
    const url = /id="feed-url" value="([^"]+)"/.exec(res.body)?.[1];
    assert.ok(url, 'the address is shown');
    assert.match(res.body, /href="webcal:\/\/localhost:3000\/calendario\/[A-Za-z0-9_-]{43}\.ics"/);
    return new URL(url);
  }

  const fetchFeed = (url: URL) => ctx.app.inject({ url: url.pathname });

  it('is made by a form, shown once, and holds every entity’s due dates of the citizen only', async () => {
    const browser = await signedIn();
    const empty = await browser.request('GET', feedPage);
    assert.match(empty.body, /Non hai ancora un indirizzo del calendario/);
    const url = await newFeed(browser);
    assert.match(url.pathname, /^\/calendario\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = url.pathname.slice(12, -4);
    // Only the hash is kept: the page cannot show the address again.
    const rows = await ctx.services.database.db.selectFrom('calendar_feeds').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.notEqual(Buffer.from(rows[0]!.token_hash).toString('base64url'), token);
    assert.equal(rows[0]!.token_hash.length, 32);
    const again = await browser.request('GET', feedPage);
    assert.doesNotMatch(again.body, new RegExp(token));
    assert.match(again.body, /Hai un indirizzo del calendario creato il 01\/08\/2026/);

    const res = await fetchFeed(url);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['set-cookie'], undefined);
    const calendar = parseIcs(res.body);
    assert.equal(calendar.get('VERSION'), '2.0');
    assert.equal(calendar.get('METHOD'), 'PUBLISH');
    assert.equal(calendar.get('CALSCALE'), 'GREGORIAN');
    assert.equal(calendar.get('X-WR-CALNAME'), 'Scadenze pagoPA');
    assert.ok(calendar.get('PRODID'));
    const list = events(calendar);
    assert.deepEqual(
      list.map((e) => [e.get('DTSTART'), e.get('SUMMARY')]),
      [
        ['20260710', 'Scadenza: Mensa, giugno; «sala» \\ 2026'],
        ['20260820', 'Scadenza: Lampade votive'],
        ['20260915', 'Scadenza: Canone altrove'],
        ['20260930', 'Scadenza: TARI 2026 - rata unica'],
      ],
    );
    for (const event of list) {
      assert.equal(event.all('DTSTART')[0]!.params.VALUE, 'DATE');
      assert.equal(event.get('DTSTAMP'), '20260801T080000Z');
      assert.equal(event.components.length, 0, 'no reminders chosen: no alarms');
    }
    const soon = list[1]!;
    assert.equal(soon.get('URL'), 'http://localhost:3000/e/80016350821/posizioni/SOON-1');
    assert.match(soon.get('DESCRIPTION')!, /^Importo: 42,00\u00a0€\nCodice avviso: \d{4} \d{4} \d{4} \d{4} \d{2}\n/);
    assert.match(soon.get('DESCRIPTION')!, /Ente creditore: Comune di Prova/);
    assert.equal(list[2]!.get('URL'), `http://localhost:3000/e/${b.fiscalCode}/posizioni/B-1`);
    assert.doesNotMatch(res.body, /Debito di altri|Già pagato|Senza scadenza|2099/);
    // The same UIDs at the next refresh, so that calendar apps update instead of adding.
    ctx.clock.advance(60_000);
    const later = events(parseIcs((await fetchFeed(url)).body));
    assert.deepEqual(
      later.map((e) => e.get('UID')),
      list.map((e) => e.get('UID')),
    );
    assert.equal(new Set(list.map((e) => e.get('UID'))).size, 4);

    // Another citizen's feed has none of these.
    const other = await newFeed(await signedIn(theirs));
    const theirsFeed = events(parseIcs((await fetchFeed(other)).body));
    assert.deepEqual(
      theirsFeed.map((e) => e.get('SUMMARY')),
      ['Scadenza: Debito di altri'],
    );
    assert.equal((await audits('calendar_feed.create')).length, 2);
  });

  it('a new address makes the old one answer 404 at once; revoking ends it', async () => {
    const browser = await signedIn();
    const first = await newFeed(browser);
    assert.equal((await fetchFeed(first)).statusCode, 200);
    const second = await newFeed(browser);
    assert.equal((await fetchFeed(first)).statusCode, 404);
    assert.equal((await fetchFeed(second)).statusCode, 200);
    const replaced = await audits('calendar_feed.replace');
    assert.ok(replaced.length >= 1);
    assert.doesNotMatch(JSON.stringify(replaced), new RegExp(second.pathname.slice(12, -4)), 'no token in the audit');

    const form = await browser.request('GET', feedPage);
    assert.match(form.body, /Revoca l’indirizzo/);
    const revoked = await browser.request('POST', feedPage, { azione: 'revoca', _csrf: browser.token(form.body) });
    assert.equal(revoked.statusCode, 303);
    assert.equal((await fetchFeed(second)).statusCode, 404);
    const after = await browser.request('GET', String(revoked.headers.location));
    assert.match(after.body, /è stato revocato/);
    assert.match(after.body, /Non hai ancora un indirizzo del calendario/);
    assert.equal((await audits('calendar_feed.revoke')).length, 1);
  });

  it('refuses a form without its token or with an unknown action, changing nothing', async () => {
    const browser = await signedIn();
    const before = await ctx.services.database.db.selectFrom('calendar_feeds').selectAll().execute();
    const bare = await browser.request('POST', feedPage, { azione: 'nuovo' });
    assert.equal(bare.statusCode, 400);
    const form = await browser.request('GET', feedPage);
    const odd = await browser.request('POST', feedPage, { azione: 'altro', _csrf: browser.token(form.body) });
    assert.equal(odd.statusCode, 400);
    assert.match(odd.body, /<a href="#feed-create">Scegli una delle azioni proposte<\/a>/);
    assert.deepEqual(await ctx.services.database.db.selectFrom('calendar_feeds').selectAll().execute(), before);
  });
});

describe('reminder preferences', () => {
  const page = '/e/80016350821/scadenze/promemoria';

  it('are none at first; a channel without a day is refused with an error summary, and nothing is kept', async () => {
    const browser = await signedIn(DEMO_CITIZENS[3]!);
    const form = await browser.request('GET', page);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<legend class="h5">Quanti giorni prima della scadenza\?<\/legend>/);
    assert.doesNotMatch(form.body, / checked/);
    assert.match(form.body, /href="\/profilo"/);
    const refused = await browser.request('POST', page, { sms: 'si', _csrf: browser.token(form.body) });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>C’è un problema: /);
    assert.match(refused.body, /<a href="#giorni-1">Scegli quanti giorni prima/);
    assert.match(refused.body, /id="sms"[^>]* checked>/, 'the form comes back as sent');
    const tampered = await browser.request('POST', page, { 'giorni-2': 'si', _csrf: browser.token(form.body) });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /Scegli i giorni tra quelli proposti/);
    const noToken = await browser.request('POST', page, { 'giorni-1': 'si' });
    assert.equal(noToken.statusCode, 400);
    const kept = await ctx.services.database.db
      .selectFrom('reminder_preferences')
      .selectAll()
      .where('fiscal_code', '=', DEMO_CITIZENS[3]!.fiscalCode)
      .execute();
    assert.equal(kept.length, 0);
  });

  it('by e-mail or SMS need the contact confirmed in the profile', async () => {
    const browser = await signedIn(DEMO_CITIZENS[5]!);
    const form = await browser.request('GET', page);
    assert.match(form.body, /non hai ancora confermato un indirizzo e-mail nel profilo/);
    const refused = await browser.request('POST', page, {
      'giorni-3': 'si',
      email: 'si',
      sms: 'si',
      _csrf: browser.token(form.body),
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<a href="#email">Per i promemoria per e-mail conferma prima/);
    assert.match(refused.body, /<a href="#sms">Per i promemoria per SMS conferma prima/);
    assert.equal((await ctx.services.calendar.reminders(DEMO_CITIZENS[5]!.fiscalCode)).daysBefore.length, 0);
  });

  it('are saved with an audit record, shown again, and become the feed’s alarms', async () => {
    await confirmEmail(mine.fiscalCode, 'mario.rossi@example.it');
    const browser = await signedIn();
    const form = await browser.request('GET', page);
    assert.match(form.body, /all’indirizzo mario\.rossi@example\.it/);
    const saved = await browser.request('POST', page, {
      'giorni-7': 'si',
      'giorni-1': 'si',
      email: 'si',
      _csrf: browser.token(form.body),
    });
    assert.equal(saved.statusCode, 303);
    const shown = await browser.request('GET', String(saved.headers.location));
    assert.match(shown.body, /Preferenze dei promemoria salvate/);
    assert.match(shown.body, /id="giorni-1" name="giorni-1" value="si" checked/);
    assert.match(shown.body, /id="giorni-7" name="giorni-7" value="si" checked/);
    assert.doesNotMatch(shown.body, /id="giorni-3" name="giorni-3" value="si" checked/);
    assert.match(shown.body, /id="email"[^>]* checked>/);
    assert.doesNotMatch(shown.body, /id="sms"[^>]* checked>/);
    const [audit] = await audits('reminder_preferences.update');
    assert.equal(audit!.actor, `citizen:${mine.fiscalCode}`);
    assert.deepEqual(JSON.parse(audit!.after!), { daysBefore: [1, 7], byEmail: true, bySms: false });
    assert.deepEqual(JSON.parse(audit!.before!), { daysBefore: [], byEmail: false, bySms: false });
    // The same again changes nothing, so no second record.
    await browser.request('POST', page, {
      'giorni-7': 'si',
      'giorni-1': 'si',
      email: 'si',
      _csrf: browser.token(form.body),
    });
    assert.equal((await audits('reminder_preferences.update')).length, 1);

    const feedForm = await browser.request('GET', '/e/80016350821/scadenze/calendario');
    const made = await browser.request('POST', '/e/80016350821/scadenze/calendario', {
      azione: 'nuovo',
      _csrf: browser.token(feedForm.body),
    });
    const url = new URL(/id="feed-url" value="([^"]+)"/.exec(made.body)![1]!);
    const feed = events(parseIcs((await ctx.app.inject({ url: url.pathname })).body));
    for (const event of feed) {
      assert.deepEqual(
        event.components.map((alarm) => [alarm.name, alarm.get('ACTION'), alarm.get('TRIGGER')]),
        [
          ['VALARM', 'DISPLAY', '-P1D'],
          ['VALARM', 'DISPLAY', '-P7D'],
        ],
      );
    }
    assert.match(feed[1]!.components[1]!.get('DESCRIPTION')!, /^Tra 7 giorni scade Lampade votive \(42,00/);

    // Back to none: the alarms go too.
    await browser.request('POST', page, { _csrf: browser.token(form.body) });
    const bare = events(parseIcs((await ctx.app.inject({ url: url.pathname })).body));
    assert.ok(bare.every((e) => e.components.length === 0));
    assert.equal((await audits('reminder_preferences.update')).length, 2);
  });
});
