// The citizen's profile: a contact e-mail and a mobile number, each confirmed by a six-digit code
// read — as the citizen would — from the sandbox's test outbox page; codes that expire, run out of
// tries and cannot be asked for too often; the language preference; CSRF and sign-in on every form;
// an audit record for every change. How codes are delivered elsewhere (no channel, a failing
// server, SMTP): portal-profile-delivery.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { principalActor } from '../src/modules/audit/audit.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { maskContact, normalizeEmail, normalizeMobile } from '../src/modules/portal/profile/contacts.ts';
import { citizenPrincipal } from '../src/shared/principal.ts';
import { injectBrowser } from './support/browser.ts';
import { type TestContext, testContext } from './support/context.ts';
import { type Browser, signedInAtProfile } from './support/profile.ts';

let ctx: TestContext;
const mario = DEMO_CITIZENS[0]!;
const laura = DEMO_CITIZENS[1]!;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
});
after(() => ctx.close());

const signedIn = (fiscalCode: string) => signedInAtProfile(ctx.app, fiscalCode);

/** Sends a profile form with the token of the profile page, as the page's own form would. */
async function submit(b: Browser, url: string, fields: Record<string, string>) {
  const page = await b.request('GET', '/profilo');
  assert.equal(page.statusCode, 200, page.body);
  return b.request('POST', url, { ...fields, _csrf: b.token(page.body) });
}

/** The newest code in the citizen's test outbox, read from the page that shows it. */
async function codeFromOutbox(b: Browser, to: string): Promise<string> {
  const outbox = await b.request('GET', '/profilo/messaggi-di-prova');
  assert.equal(outbox.statusCode, 200);
  const row = outbox.body.split('<tr>').find((r) => r.includes(`<td>${to}</td>`));
  assert.ok(row, `a message to ${to} in ${outbox.body}`);
  return /\b(\d{6})\b/.exec(row)![1]!;
}

const audits = (fiscalCode: string) =>
  ctx.services.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'before', 'after'])
    .where('subject_type', '=', 'citizen_profile')
    .where('subject_id', '=', fiscalCode)
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, before: parsed(r.before), after: parsed(r.after) })));
const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

describe('contact rules', () => {
  it('e-mail addresses: trimmed, domain in lower case; no spaces, one @, a dotted domain', () => {
    assert.deepEqual(normalizeEmail('  Mario.Rossi@Example.IT '), { value: 'Mario.Rossi@example.it' });
    assert.deepEqual(normalizeEmail(''), { error: 'empty' });
    for (const bad of ['mario', 'mario@', '@example.it', 'mario rossi@example.it', 'a@b', 'a@b@c.it', 'a@-b.it']) {
      assert.deepEqual(normalizeEmail(bad), { error: 'format' }, bad);
    }
    assert.deepEqual(normalizeEmail(`${'a'.repeat(250)}@b.it`), { error: 'tooLong' });
  });

  it('mobile numbers: Italian ones only, written +39 3…', () => {
    for (const ok of ['333 123 4567', '+39 333 1234567', '0039-333-123-4567', '(+39) 333.123.45.67', '3331234567']) {
      assert.deepEqual(normalizeMobile(ok), { value: '+393331234567' }, ok);
    }
    assert.deepEqual(normalizeMobile('331 234567'), { value: '+39331234567' }, 'nine digits: older numbers');
    for (const bad of ['06 1234 5678', '+44 7700 900123', '333 12', '333-123-4567-89', 'tre tre tre']) {
      assert.deepEqual(normalizeMobile(bad), { error: 'format' }, bad);
    }
    assert.deepEqual(normalizeMobile(' '), { error: 'empty' });
  });

  it('masks contacts for the audit trail', () => {
    assert.equal(maskContact('mario.rossi@example.it'), 'm***@example.it');
    assert.equal(maskContact('+393331234567'), '+3933***567');
  });
});

describe('the profile page', () => {
  it('needs a signed-in citizen, and comes back to the profile after signing in', async () => {
    const b = injectBrowser(ctx.app);
    const anonymous = await b.request('GET', '/profilo');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/accedi?next=%2Fprofilo');
    const me = await signedIn(mario.fiscalCode);
    const page = await me.request('GET', '/profilo');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Profilo<\/h1>/);
    assert.match(page.body, /Ambiente di prova: i codici non vengono inviati davvero/);
    assert.match(page.body, /<label for="email" class="active">Nuovo indirizzo e-mail<\/label>/);
    assert.match(page.body, /<label for="mobile" class="active">Nuovo numero di cellulare<\/label>/);
    assert.equal(
      (page.body.match(/name="_csrf"/g) ?? []).length,
      4,
      'sign-out, e-mail, mobile and language: each with its token',
    );
  });
});

describe('confirming an e-mail address', () => {
  it('sends a code, which confirms the address; until then the address is never used', async () => {
    const me = await signedIn(mario.fiscalCode);
    const sent = await submit(me, '/profilo/email', { email: ' Mario.Rossi@Example.IT ' });
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, '/profilo?fatto=codice-email#email-code');
    const waiting = await me.request('GET', sent.headers.location as string);
    assert.match(waiting.body, /Ambiente di prova: il codice non è stato inviato davvero/);
    assert.match(waiting.body, /<label for="email-code" class="active">Codice di conferma \(6 cifre\)<\/label>/);
    assert.match(waiting.body, /Codice inviato a Mario\.Rossi@example\.it, valido fino alle 12:10/);
    assert.deepEqual(await ctx.services.profiles.confirmedContacts(mario.fiscalCode), {
      email: undefined,
      mobile: undefined,
      language: undefined,
    });

    const outbox = await me.request('GET', '/profilo/messaggi-di-prova');
    assert.match(outbox.body, /Il tuo codice di conferma/);
    assert.match(outbox.body, /questi messaggi non sono stati inviati a nessuno/);
    const code = await codeFromOutbox(me, 'Mario.Rossi@example.it');
    // Only a hash is kept: the code itself is nowhere in the database.
    const stored = await ctx.services.database.db.selectFrom('contact_codes').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(code));
    assert.equal(stored[0]!.code_hash.length, 32);

    const confirmed = await submit(me, '/profilo/email/conferma', { code: ` ${code.slice(0, 3)} ${code.slice(3)} ` });
    assert.equal(confirmed.statusCode, 303, confirmed.body);
    assert.equal(confirmed.headers.location, '/profilo?fatto=email');
    const page = await me.request('GET', '/profilo?fatto=email');
    assert.match(page.body, /Indirizzo e-mail confermato\./);
    assert.match(page.body, /<strong>Mario\.Rossi@example\.it<\/strong>, confermato il 15 giugno 2026/);
    assert.doesNotMatch(page.body, /id="email-code"/);
    assert.deepEqual(await ctx.services.profiles.confirmedContacts(mario.fiscalCode), {
      email: 'Mario.Rossi@example.it',
      mobile: undefined,
      language: undefined,
    });
    assert.equal((await ctx.services.database.db.selectFrom('contact_codes').selectAll().execute()).length, 0);
    // The same code does not work twice.
    const again = await submit(me, '/profilo/email/conferma', { code });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /Non c’è un codice da confermare/);

    const trail = await audits(mario.fiscalCode);
    assert.deepEqual(
      trail.map((a) => a.action),
      ['citizen_profile.email_code_sent', 'citizen_profile.email_confirmed'],
    );
    assert.equal(trail[1]!.actor, `citizen:${mario.fiscalCode}`);
    assert.deepEqual(trail[1]!.after, { email: 'M***@example.it' });

    // Removing it: audited, gone, and never used again.
    const removed = await submit(me, '/profilo/email/rimuovi', {});
    assert.equal(removed.headers.location, '/profilo?fatto=rimosso');
    assert.equal((await ctx.services.profiles.confirmedContacts(mario.fiscalCode)).email, undefined);
    assert.equal((await audits(mario.fiscalCode)).at(-1)!.action, 'citizen_profile.email_removed');
  });

  it('refuses a malformed address with an error summary, keeps what was typed, sends nothing', async () => {
    const me = await signedIn(laura.fiscalCode);
    const before = await ctx.services.database.db.selectFrom('test_outbox').select('id').execute();
    const res = await submit(me, '/profilo/email', { email: 'laura@bianchi' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>C’è un problema: Profilo/);
    assert.match(res.body, /<a href="#email">Inserisci un indirizzo e-mail nel formato nome@esempio\.it<\/a>/);
    assert.match(res.body, /id="email" name="email"\s+value="laura@bianchi"/);
    assert.match(res.body, /aria-invalid="true"/);
    const empty = await submit(me, '/profilo/email', { email: '' });
    assert.match(empty.body, /<a href="#email">Inserisci l’indirizzo e-mail<\/a>/);
    assert.deepEqual(await ctx.services.database.db.selectFrom('test_outbox').select('id').execute(), before);
    assert.deepEqual(await audits(laura.fiscalCode), []);
  });

  it('five wrong tries and the code is spent; a new one can be asked for after a minute', async () => {
    const me = await signedIn(laura.fiscalCode);
    await submit(me, '/profilo/email', { email: 'laura@example.it' });
    const code = await codeFromOutbox(me, 'laura@example.it');
    const wrong = code === '000000' ? '111111' : '000000';
    const malformed = await submit(me, '/profilo/email/conferma', { code: '12ab' });
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.body, /<a href="#email-code">Il codice di conferma ha 6 cifre<\/a>/);
    assert.match(malformed.body, /value="12ab"/);
    for (let left = 4; left >= 1; left--) {
      const res = await submit(me, '/profilo/email/conferma', { code: wrong });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, new RegExp(`Il codice non è corretto\\. Tentativi rimasti: ${left}`));
    }
    const fifth = await submit(me, '/profilo/email/conferma', { code: wrong });
    assert.match(fifth.body, /Troppi tentativi sbagliati: chiedi un nuovo codice/);
    const late = await submit(me, '/profilo/email/conferma', { code });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /Troppi tentativi sbagliati/, 'even the right code, once the tries are spent');
    assert.equal((await ctx.services.profiles.confirmedContacts(laura.fiscalCode)).email, undefined);

    const tooSoon = await submit(me, '/profilo/email', { email: 'laura@example.it' });
    assert.equal(tooSoon.statusCode, 400);
    assert.match(tooSoon.body, /puoi chiederne un altro tra un minuto/);
    ctx.clock.advance(61_000);
    await submit(me, '/profilo/email', { email: 'laura@example.it' });
    const fresh = await codeFromOutbox(me, 'laura@example.it');
    const ok = await submit(me, '/profilo/email/conferma', { code: fresh });
    assert.equal(ok.statusCode, 303);
    assert.equal((await ctx.services.profiles.confirmedContacts(laura.fiscalCode)).email, 'laura@example.it');
    const wrongTries = (await audits(laura.fiscalCode)).filter((a) => a.action === 'citizen_profile.email_code_wrong');
    assert.equal(wrongTries.length, 5);
  });

  it('a code lasts ten minutes, and no more than five codes an hour are sent', async () => {
    const citizen = DEMO_CITIZENS[2]!;
    const me = await signedIn(citizen.fiscalCode);
    await submit(me, '/profilo/email', { email: 'giuseppe@example.it' });
    const code = await codeFromOutbox(me, 'giuseppe@example.it');
    ctx.clock.advance(10 * 60_000 + 1);
    const expired = await submit(me, '/profilo/email/conferma', { code });
    assert.equal(expired.statusCode, 400);
    assert.match(expired.body, /<a href="#email">Il codice è scaduto: chiedine uno nuovo<\/a>/);
    for (let sent = 2; sent <= 5; sent++) {
      ctx.clock.advance(61_000);
      const res = await submit(me, '/profilo/email', { email: 'giuseppe@example.it' });
      assert.equal(res.statusCode, 303, `code ${sent}`);
    }
    ctx.clock.advance(61_000);
    const sixth = await submit(me, '/profilo/email', { email: 'giuseppe@example.it' });
    assert.equal(sixth.statusCode, 400);
    assert.match(sixth.body, /Hai chiesto troppi codici: riprova tra un’ora/);
    ctx.clock.advance(60 * 60_000);
    // An hour idle ends the session too: signing in again, the hour's cap is over.
    const later = await signedIn(citizen.fiscalCode);
    assert.equal((await submit(later, '/profilo/email', { email: 'giuseppe@example.it' })).statusCode, 303);
  });

  it('each citizen sees only the messages sent for them', async () => {
    const other = await signedIn(DEMO_CITIZENS[3]!.fiscalCode);
    const outbox = await other.request('GET', '/profilo/messaggi-di-prova');
    assert.equal(outbox.statusCode, 200);
    assert.match(outbox.body, /Non ci sono messaggi\./);
    assert.doesNotMatch(outbox.body, /example\.it/);
  });
});

describe('at the same time', () => {
  it('codes asked for together: one is sent; wrong tries sent together: five are counted', async () => {
    const citizen = DEMO_CITIZENS[7]!;
    const actor = principalActor(citizenPrincipal(citizen.fiscalCode));
    const { profiles } = ctx.services;
    const asked = await Promise.all(
      [1, 2, 3, 4].map(() => profiles.requestCode(citizen.fiscalCode, 'email', 'marco@example.it', 'it', actor)),
    );
    assert.equal(asked.filter((o) => o.sent).length, 1, JSON.stringify(asked));
    assert.ok(asked.every((o) => o.sent || o.reason === 'tooSoon'));
    const me = await signedIn(citizen.fiscalCode);
    const code = await codeFromOutbox(me, 'marco@example.it');
    const wrong = code === '000000' ? '111111' : '000000';
    const tries = await Promise.all(
      Array.from({ length: 8 }, () => profiles.confirmCode(citizen.fiscalCode, 'email', wrong, actor)),
    );
    assert.equal(tries.filter((t) => !t.confirmed && t.reason === 'wrong').length, 4);
    assert.equal(tries.filter((t) => !t.confirmed && t.reason === 'exhausted').length, 4);
    const wrongTries = (await audits(citizen.fiscalCode)).filter(
      (a) => a.action === 'citizen_profile.email_code_wrong',
    );
    assert.equal(wrongTries.length, 5);
  });
});

describe('confirming a mobile number', () => {
  it('normalises the number, sends the code by (test) SMS, and confirms it', async () => {
    const citizen = DEMO_CITIZENS[4]!;
    const me = await signedIn(citizen.fiscalCode);
    const bad = await submit(me, '/profilo/cellulare', { mobile: '+44 7700 900123' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<a href="#mobile">Inserisci un numero di cellulare italiano/);
    assert.match(bad.body, /value="\+44 7700 900123"/);
    const sent = await submit(me, '/profilo/cellulare', { mobile: '333 123 4567' });
    assert.equal(sent.headers.location, '/profilo?fatto=codice-sms#mobile-code');
    const code = await codeFromOutbox(me, '+393331234567');
    const outbox = await me.request('GET', '/profilo/messaggi-di-prova');
    assert.match(outbox.body, /Pagamenti pagoPA: il tuo codice di conferma è \d{6}/);
    const ok = await submit(me, '/profilo/cellulare/conferma', { code });
    assert.equal(ok.headers.location, '/profilo?fatto=sms');
    assert.equal((await ctx.services.profiles.confirmedContacts(citizen.fiscalCode)).mobile, '+393331234567');
    const same = await submit(me, '/profilo/cellulare', { mobile: '+39 333 123 4567' });
    assert.equal(same.statusCode, 400);
    assert.match(same.body, /È già il contatto confermato/);
  });
});

describe('the language preference', () => {
  it('is stored, applied to this browser at once, and used for the messages sent', async () => {
    const citizen = DEMO_CITIZENS[5]!;
    const me = await signedIn(citizen.fiscalCode);
    const none = await submit(me, '/profilo/lingua', {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /<a href="#language-it">Scegli una lingua<\/a>/);
    const odd = await submit(me, '/profilo/lingua', { language: 'fr' });
    assert.equal(odd.statusCode, 400);
    const saved = await submit(me, '/profilo/lingua', { language: 'en' });
    assert.equal(saved.headers.location, '/profilo?lang=en&fatto=lingua');
    const page = await me.request('GET', saved.headers.location as string);
    assert.match(page.body, /<html lang="en">/);
    assert.match(page.body, /Language saved\./);
    assert.match(page.body, /id="language-en" value="en" checked/);
    assert.equal((await ctx.services.profiles.confirmedContacts(citizen.fiscalCode)).language, 'en');
    assert.match((await me.request('GET', '/profilo')).body, /<html lang="en">/, 'the cookie keeps it');
    await submit(me, '/profilo/email', { email: 'chiara@example.org' });
    const outbox = await me.request('GET', '/profilo/messaggi-di-prova');
    assert.match(outbox.body, /Your confirmation code/);
    const trail = await audits(citizen.fiscalCode);
    assert.deepEqual(trail[0], {
      action: 'citizen_profile.language_set',
      actor: `citizen:${citizen.fiscalCode}`,
      before: { language: null },
      after: { language: 'en' },
    });
    // Another browser, after signing in: the saved language until that browser chooses its own.
    const elsewhere = await signedIn(citizen.fiscalCode);
    assert.equal(elsewhere.cookie('__Host-cassa-lang'), undefined);
    assert.match((await elsewhere.request('GET', '/profilo')).body, /<html lang="en">/);
    assert.equal(elsewhere.cookie('__Host-cassa-lang'), 'en', 'remembered by this browser from now on');
    assert.match((await elsewhere.request('GET', '/profilo?lang=it')).body, /<html lang="it">/);
    assert.match((await elsewhere.request('GET', '/profilo')).body, /<html lang="it">/, 'the browser’s choice wins');
  });
});

describe('forms need the session and the page’s token', () => {
  const forms = [
    ['/profilo/email', { email: 'x@example.it' }],
    ['/profilo/email/conferma', { code: '123456' }],
    ['/profilo/email/rimuovi', {}],
    ['/profilo/cellulare', { mobile: '3331234567' }],
    ['/profilo/cellulare/conferma', { code: '123456' }],
    ['/profilo/cellulare/rimuovi', {}],
    ['/profilo/lingua', { language: 'en' }],
  ] as const;

  it('without the CSRF token: 400 and nothing changes; without a session: to sign-in', async () => {
    const citizen = DEMO_CITIZENS[6]!;
    const me = await signedIn(citizen.fiscalCode);
    const db = ctx.services.database.db;
    const snapshot = async () => ({
      profiles: await db.selectFrom('citizen_profiles').selectAll().orderBy('fiscal_code').execute(),
      codes: await db.selectFrom('contact_codes').select(['fiscal_code', 'channel', 'wrong_tries']).execute(),
      outbox: await db.selectFrom('test_outbox').select('id').orderBy('id').execute(),
    });
    const before = await snapshot();
    for (const [url, fields] of forms) {
      const bare = await me.request('POST', url, { ...fields });
      assert.equal(bare.statusCode, 400, url);
      assert.match(bare.body, /La pagina è scaduta/);
      const forged = await me.request('POST', url, { ...fields, _csrf: 'forged' });
      assert.equal(forged.statusCode, 400, url);
      const anonymous = await injectBrowser(ctx.app).request('POST', url, { ...fields });
      assert.equal(anonymous.statusCode, 303, url);
      assert.equal(anonymous.headers.location, '/accedi?next=%2Fprofilo');
    }
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(await audits(citizen.fiscalCode), []);
  });
});
