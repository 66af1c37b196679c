// The portal's languages on real pages (issue 12): amounts as each language writes them (528,00 € in
// Italian and German, €528.00 in English), and German offered on the pages of a body whose notices
// are printed in Italian and German (ADR 0034) — pages, statement, notice PDF and profile in German.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { LANGUAGES, textsFor } from '../src/modules/portal/texts.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { pdfText } from './support/pdf.ts';
import { DEBTOR, fullOrInstalments, singlePayment } from './support/positions.ts';
import { signedInAtProfile } from './support/profile.ts';

let ctx: TestContext;
let italian: Entity;
let southTyrol: Entity;
let navDe: string;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  italian = await ctx.services.entities.create(ENTITY_A, testActor);
  southTyrol = await ctx.services.entities.create({ ...ENTITY_B, noticeLanguage: 'it-de' }, testActor);
  const create = async (entity: Entity, body: ReturnType<typeof singlePayment>) =>
    (await ctx.services.positions.create(entity, body, { toPublish: true }, testActor)).options[0]!.installments[0]!
      .nav;
  navDe = await create(southTyrol, singlePayment('LANG-DE', 52_800, '2026-12-31', ENTITY_B.ibans[0]));
  await ctx.services.positions.create(
    southTyrol,
    fullOrInstalments('LANG-DE-PLAN', 3, 30_000, ENTITY_B.ibans[0]),
    { toPublish: true },
    testActor,
  );
});
after(() => ctx.close());

const switchLinks = (html: string) => [...html.matchAll(/hreflang="(\w+)"[^>]*>([^<]+)<\/a>/g)].map((m) => m[2]);

describe('amounts in the page’s language', () => {
  it('the notice page: 528,00 € in Italian, €528.00 in English, 528,00 € in German', async () => {
    const b = injectBrowser(ctx.app);
    const url = `/e/${southTyrol.fiscalCode}/avviso/${navDe}`;
    const it = await b.request('GET', url);
    assert.match(it.body, /<strong class="amount">528,00\u00a0€<\/strong>/);
    const en = await b.request('GET', `${url}?lang=en`);
    assert.match(en.body, /<strong class="amount">€528\.00<\/strong>/);
    assert.doesNotMatch(en.body, /528,00/);
    const de = await b.request('GET', `${url}?lang=de`);
    assert.match(de.body, /<strong class="amount">528,00\u00a0€<\/strong>/);
  });
});

describe('German where the body prints German notices', () => {
  it('is offered in the switch of such a body’s pages only', async () => {
    const b = injectBrowser(ctx.app);
    assert.deepEqual(switchLinks((await b.request('GET', `/e/${southTyrol.fiscalCode}`)).body), ['Deutsch', 'English']);
    assert.deepEqual(switchLinks((await b.request('GET', `/e/${italian.fiscalCode}`)).body), ['English']);
    const german = await b.request('GET', `/e/${southTyrol.fiscalCode}?lang=de`);
    assert.match(german.body, /<html lang="de">/);
    assert.match(german.body, /Eine Zahlungsaufforderung bezahlen/);
    assert.match(german.body, /aria-label="Leggi questa pagina in italiano">Italiano<\/a>/);
    assert.match(german.body, /aria-label="Read this page in English">English<\/a>/);
    assert.deepEqual(switchLinks(german.body), ['Italiano', 'English']);
  });

  it('every portal text has its German, none left empty or in Italian by mistake', () => {
    assert.deepEqual([...LANGUAGES], ['it', 'en', 'de']);
    const [it, de] = [textsFor('it'), textsFor('de')];
    const same = Object.keys(de).filter((k) => de[k as keyof typeof de] === it[k as keyof typeof it]);
    for (const key of Object.keys(de)) assert.ok(de[key as keyof typeof de].trim() !== '', key);
    // Only names, and words that are the same in both languages.
    assert.deepEqual(same.sort(), SAME_IN_BOTH);
  });

  it('the notice PDF in German is the body’s Italian–German notice', async () => {
    const b = injectBrowser(ctx.app);
    const page = await b.request('GET', `/e/${southTyrol.fiscalCode}/avviso/${navDe}?lang=de`);
    const pdf = await b.request('POST', `/e/${southTyrol.fiscalCode}/avviso/${navDe}/pdf`, {
      _csrf: b.token(page.body),
      debtorFiscalCode: DEBTOR.fiscalCode,
    });
    assert.equal(pdf.statusCode, 200);
    const text = await pdfText(pdf.rawPayload);
    assert.match(text, /AVVISO DI PAGAMENTO/);
    assert.match(text, /ZAHLUNGSAVIS/);
  });

  it('the statement in German: Kontoauszug, Rate 2 von 3, amounts as Germans write them', async () => {
    const { token } = await ctx.services.sessions.start(
      { fiscalCode: DEBTOR.fiscalCode, fullName: DEBTOR.fullName, method: 'sandbox' },
      testActor,
    );
    const res = await ctx.app.inject({
      url: `/e/${southTyrol.fiscalCode}/estratto?lang=de`,
      headers: { accept: 'text/html', cookie: `__Host-cassa-session=${token}` },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Kontoauszug<\/h1>/);
    assert.match(res.body, /<td[^>]*>Rate 2 von 3<\/td>/);
    assert.match(res.body, /<td[^>]*>In einer Summe<\/td>/);
    // 528 € and the plan's pay-in-full 300 €: 828 € to pay.
    assert.match(res.body, /<strong>828,00\u00a0€<\/strong>/);
    const csv = await ctx.app.inject({
      url: `/e/${southTyrol.fiscalCode}/estratto.csv?lang=de`,
      headers: { cookie: `__Host-cassa-session=${token}` },
    });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /;Rate 2 von 3;/);
    assert.match(csv.body, /;"528,00";52800;/);
  });

  it('the calendar files in German, and a German feed kept by the database', async () => {
    const ics = await ctx.services.calendar.eventCalendar(southTyrol, DEBTOR.fiscalCode, navDe, 'de');
    assert.ok(ics);
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    assert.match(unfolded, /SUMMARY:Fällig: TARI 2026/);
    assert.match(unfolded, /Betrag: 528\\,00\u00a0€/);
    const { url } = await ctx.services.calendar.newFeed(DEBTOR.fiscalCode, 'de', testActor);
    const feed = await ctx.services.calendar.feedCalendar(
      new URL(url).pathname
        .split('/')
        .pop()!
        .replace(/\.ics$/, ''),
    );
    assert.match(feed ?? '', /X-WR-CALNAME:pagoPA-Fälligkeiten/);
  });

  it('a citizen may keep German as their language in the profile', async () => {
    const citizen = DEMO_CITIZENS[3]!.fiscalCode;
    const me = await signedInAtProfile(ctx.app, citizen);
    const page = await me.request('GET', '/profilo?lang=de');
    assert.match(page.body, /id="language-de" value="de"/);
    const saved = await me.request('POST', '/profilo/lingua', { language: 'de', _csrf: me.token(page.body) });
    assert.equal(saved.statusCode, 303);
    const profile = await ctx.services.profiles.confirmedContacts(citizen);
    assert.equal(profile.language, 'de');
  });
});

const SAME_IN_BOTH: string[] = [];
