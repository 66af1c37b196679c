// The operator console's sign-in through its pages (issue 12), on a real database with a moving clock:
// invitation → password → TOTP enrolment → recovery codes shown once → sign out → password + TOTP →
// home with the operator's grants; the same refusal for a wrong password and a wrong code, changing
// nothing; a recovery code works once; a pending session never reaches /console; forms need the
// console's CSRF token; signing out ends the session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Entity } from '../src/modules/entities/entity.ts';
import { consoleBrowser, summary } from './support/console.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
const PASSWORD = 'tramonto sul Po 1987';
const EMAIL = 'lucia@comune.example.it';
const state = { secret: '', recoveryCodes: [] as string[], oldCookie: '' };

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
});
after(() => ctx.close());

const codeNow = (secret: string) =>
  generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) }) as Promise<string>;
const sessionsCount = async () =>
  Number(
    (
      await ctx.db.database.db
        .selectFrom('operator_sessions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const audited = async (action: string) =>
  (await ctx.db.database.db.selectFrom('audit_log').select('action').where('action', '=', action).execute()).length;

async function signInWithPassword(browser: ReturnType<typeof consoleBrowser>) {
  await browser.get(`/console/accedi?ente=${entity.fiscalCode}`);
  const res = await browser.post('/console/accedi', { entity: entity.fiscalCode, email: EMAIL, password: PASSWORD });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  assert.equal(res.headers.location, '/console/accedi/codice');
  return res;
}

describe('the console: from the invitation to the home page', () => {
  it("creates the installation's first administrator through the one-time link", async () => {
    const link = await ctx.services.operators.invitations.inviteFirstAdministrator(testActor);
    const path = new URL(link!.url).pathname;
    const browser = consoleBrowser(ctx.app);
    const page = await browser.get(path);
    assert.match(page.body, /id="email" name="email"/);
    assert.match(page.body, /id="displayName" name="displayName"/);
    const refused = await browser.post(path, {
      email: 'not an address',
      displayName: '',
      password: PASSWORD,
      passwordRepeat: PASSWORD,
    });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(summary(refused.body), [
      'Scrivi un indirizzo e-mail come nome@comune.it.',
      'Il nome deve avere da 1 a 200 caratteri.',
    ]);
    assert.match(refused.body, /value="not an address"/, 'what was typed is kept');
    const taken = await browser.post(path, {
      email: 'root@cassa.example.it',
      displayName: 'Ada Root',
      password: PASSWORD,
      passwordRepeat: PASSWORD,
    });
    assert.equal(taken.headers.location, '/console/attiva');
    const enrol = await browser.get('/console/attiva');
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(enrol.body)![1]!;
    assert.equal((await browser.post('/console/attiva', { code: await codeNow(secret) })).statusCode, 200);
    const home = await browser.get('/console');
    assert.match(home.body, /Amministrazione dell’installazione \(tutti gli enti\)/);
    assert.match(home.body, /<div class="it-brand-title">Cassa · Console<\/div>/);
    assert.match(home.body, /<td>Operatori<\/td><td>modifica<\/td><td>tutti gli enti · tutti i servizi<\/td>/);
    assert.equal((await browser.get(path)).statusCode, 404, 'the link served once');
  });

  it('sets the password through the invitation, each refusal at its field, the link kept', async () => {
    const operator = await ctx.services.operators.accounts.create(
      { entityId: entity.id, email: EMAIL, displayName: 'Lucia Neri', roles: ['operator'] },
      testActor,
    );
    const { url } = await ctx.services.operators.invitations.invite(operator.id, testActor);
    const path = new URL(url).pathname;
    const browser = consoleBrowser(ctx.app);
    const page = await browser.get(path);
    const sessions = await sessionsCount();
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /lucia@comune\.example\.it/);
    const differ = await browser.post(path, { password: PASSWORD, passwordRepeat: `${PASSWORD}!` });
    assert.equal(differ.statusCode, 400);
    assert.deepEqual(summary(differ.body), ['Le due password non coincidono.']);
    assert.match(differ.body, /id="passwordRepeat-error"/);
    const short = await browser.post(path, { password: 'breve', passwordRepeat: 'breve' });
    assert.equal(short.statusCode, 400);
    assert.deepEqual(summary(short.body), ['La password deve avere almeno 12 caratteri.']);
    assert.match(short.body, /href="#password"/);
    assert.equal(await sessionsCount(), sessions, 'a refused form signs nobody in');
    const taken = await browser.post(path, { password: PASSWORD, passwordRepeat: PASSWORD });
    assert.equal(taken.statusCode, 303);
    assert.equal(taken.headers.location, '/console/attiva');
    const cookie = [taken.headers['set-cookie']].flat().find((c) => c?.startsWith('__Host-cassa-console='));
    assert.match(String(cookie), /^__Host-cassa-console=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    // The link served once.
    const again = await consoleBrowser(ctx.app).get(path);
    assert.equal(again.statusCode, 404);
    assert.match(again.body, /Invito non valido/);

    // While the enrolment waits, /console is out of reach.
    const home = await browser.get('/console');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/console/attiva');

    const enrol = await browser.get('/console/attiva');
    assert.equal(enrol.statusCode, 200);
    state.secret = /name="secret" value="([A-Z2-7]+)"/.exec(enrol.body)![1]!;
    const grouped = state.secret.match(/.{1,4}/g)!.join(' ');
    assert.ok(enrol.body.includes(`<code class="fs-5" id="totp-key">${grouped}</code>`), 'the key, grouped for typing');
    assert.match(enrol.body, /href="otpauth:\/\/totp\/[^"]+secret=/);
    const wrong = await browser.post('/console/attiva', {
      code: '000000',
      secret: state.secret,
      uri: 'otpauth://totp/x',
    });
    assert.equal(wrong.statusCode, 401);
    assert.ok(wrong.body.includes(grouped), 'the same key shown again');
    assert.equal(summary(wrong.body).length, 1);
    const confirmed = await browser.post('/console/attiva', { code: await codeNow(state.secret) });
    assert.equal(confirmed.statusCode, 200);
    state.recoveryCodes = [...confirmed.body.matchAll(/<li><code>([0-9A-Z-]{14})<\/code><\/li>/g)].map((m) => m[1]!);
    assert.equal(state.recoveryCodes.length, 10);
    assert.equal(confirmed.headers['cache-control'], 'no-store');
    // Shown once: sent again, the form only leads home.
    const resent = await browser.post('/console/attiva', { code: await codeNow(state.secret) });
    assert.equal(resent.statusCode, 303);
    assert.equal(resent.headers.location, '/console');
    const signedIn = await browser.get('/console');
    assert.equal(signedIn.statusCode, 200);
    assert.doesNotMatch(signedIn.body, /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);

    // Signing out needs the page's token; then the old cookie opens nothing.
    state.oldCookie = browser.cookie();
    const forged = await browser.post('/console/esci', { _csrf: 'forged' });
    assert.equal(forged.statusCode, 400);
    assert.equal((await browser.get('/console')).statusCode, 200, 'a refused sign-out signs nobody out');
    const out = await browser.post('/console/esci', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/console/accedi');
    const stale = await ctx.app.inject({ url: '/console', headers: { cookie: state.oldCookie } });
    assert.equal(stale.statusCode, 303);
    assert.equal(stale.headers.location, '/console/accedi');
    // Every step the pages took is in the audit trail, by the operator.
    const trail = (
      await ctx.db.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor', '=', `operator:${operator.id}`)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
    for (const action of [
      'operator.set_password',
      'operator_invitation.accept',
      'operator_session.start',
      'operator.totp_enrol',
      'operator.sign_in_failed',
      'operator.totp_confirmed',
      'operator_session.second_factor',
      'operator_session.end',
    ]) {
      assert.ok(trail.includes(action), `${action} in ${trail.join(', ')}`);
    }
    ctx.clock.advance(30_000); // the confirmation code's step is spent
  });

  it('signs in with password and TOTP; home shows the operator, the entity, the roles and the grants', async () => {
    const browser = consoleBrowser(ctx.app);
    const form = await browser.get(`/console/accedi?ente=${entity.fiscalCode}`);
    assert.match(form.body, new RegExp(`id="entity" name="entity" value="${entity.fiscalCode}"`));
    await signInWithPassword(browser);
    const pending = await browser.get('/console');
    assert.equal(pending.statusCode, 303, 'a session waiting for its code cannot reach /console');
    assert.equal(pending.headers.location, '/console/accedi/codice');
    const ok = await browser.post('/console/accedi/codice', { code: await codeNow(state.secret) });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/console');
    const home = await browser.get('/console');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Benvenuto, Lucia Neri\./);
    assert.match(home.body, new RegExp(`${entity.name} \\(${entity.fiscalCode}\\)`));
    assert.match(home.body, /<div class="it-brand-title">[^<]*<\/div>/);
    assert.ok(home.body.includes(`<div class="it-brand-title">${entity.name}</div>`), "the entity's name as the brand");
    assert.match(home.body, /<td>Posizioni debitorie<\/td><td>modifica<\/td>/);
    assert.match(home.body, /<td>Pagamenti<\/td><td>consultazione<\/td>/);
    assert.doesNotMatch(home.body, /Impostazioni/, 'no grant the operator role lacks');
    assert.match(home.body, /<form method="post" action="\/console\/esci"/);
    const en = await browser.get('/console?lang=en');
    assert.match(en.body, /Welcome, Lucia Neri\./);
    assert.match(en.body, /<td>Debt positions<\/td><td>change<\/td>/);
    await browser.post('/console/esci', {});
  });

  it('gives the same refusal to a wrong password and a wrong code, and changes nothing', async () => {
    ctx.clock.advance(30_000);
    const browser = consoleBrowser(ctx.app);
    await browser.get('/console/accedi');
    const sessions = await sessionsCount();
    const badPassword = await browser.post('/console/accedi', {
      entity: entity.fiscalCode,
      email: EMAIL,
      password: 'not the password at all',
    });
    assert.equal(badPassword.statusCode, 401);
    const unknown = await browser.post('/console/accedi', {
      entity: '00000000000',
      email: EMAIL,
      password: PASSWORD,
    });
    assert.equal(unknown.statusCode, 401);
    assert.equal(await sessionsCount(), sessions, 'no session started');
    assert.equal(browser.jar.has('__Host-cassa-console'), false);
    assert.match(badPassword.body, /value="lucia@comune\.example\.it"/, 'the e-mail kept, the password not');
    assert.doesNotMatch(badPassword.body, /not the password/);
    await signInWithPassword(browser);
    const badCode = await browser.post('/console/accedi/codice', { code: '123456' });
    assert.equal(badCode.statusCode, 401);
    assert.deepEqual(summary(badCode.body), summary(badPassword.body));
    assert.deepEqual(summary(unknown.body), summary(badPassword.body));
    assert.deepEqual(summary(badCode.body), [
      'L’e-mail, la password o il codice non sono corretti, oppure l’account è bloccato per un po’.',
    ]);
    assert.equal((await browser.get('/console')).headers.location, '/console/accedi/codice', 'still pending');
    assert.equal((await browser.get('/console/accedi/codice')).statusCode, 200);
  });

  it('takes a recovery code once', async () => {
    ctx.clock.advance(30_000);
    const code = state.recoveryCodes[0]!;
    const first = consoleBrowser(ctx.app);
    await signInWithPassword(first);
    const used = await first.post('/console/accedi/codice', { code: code.toLowerCase() });
    assert.equal(used.statusCode, 303);
    assert.equal((await first.get('/console')).statusCode, 200);
    assert.ok((await audited('operator.recovery_code_used')) === 1);
    const second = consoleBrowser(ctx.app);
    await signInWithPassword(second);
    const again = await second.post('/console/accedi/codice', { code });
    assert.equal(again.statusCode, 401);
    assert.equal((await second.get('/console')).headers.location, '/console/accedi/codice');
  });

  it("refuses a form without the console's CSRF token, or with the portal's, and signs nobody in", async () => {
    const sessions = await sessionsCount();
    const browser = consoleBrowser(ctx.app);
    await browser.get('/console/accedi');
    const bare = await browser.post('/console/accedi', {
      _csrf: '',
      entity: entity.fiscalCode,
      email: EMAIL,
      password: PASSWORD,
    });
    assert.equal(bare.statusCode, 400);
    assert.match(bare.body, /Il modulo è scaduto/);
    const portal = await ctx.app.inject({ url: `/e/${entity.fiscalCode}` });
    const portalCookie = String(portal.headers['set-cookie']).split(';')[0]!;
    const portalToken = /name="_csrf" value="([^"]+)"/.exec(portal.body)![1]!;
    const crossed = await ctx.app.inject({
      method: 'POST',
      url: '/console/accedi',
      headers: { cookie: portalCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: portalToken,
        entity: entity.fiscalCode,
        email: EMAIL,
        password: PASSWORD,
      }).toString(),
    });
    assert.equal(crossed.statusCode, 400);
    assert.equal(await sessionsCount(), sessions);
  });

  it('works over plain HTTP on the office network, with unprefixed cookies there only', async () => {
    ctx.clock.advance(30_000);
    const lan = { host: '192.168.1.20:3000' };
    const browser = consoleBrowser(ctx.app, lan);
    const form = await browser.get('/console/accedi');
    assert.match(form.body, /Connessione non protetta/);
    const res = await browser.post('/console/accedi', { entity: entity.fiscalCode, email: EMAIL, password: PASSWORD });
    assert.equal(res.headers.location, '/console/accedi/codice');
    const set = [res.headers['set-cookie']].flat().join('\n');
    assert.match(set, /^cassa-console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/m);
    assert.doesNotMatch(set, /__Host-|Secure/);
    assert.equal((await browser.post('/console/accedi/codice', { code: await codeNow(state.secret) })).statusCode, 303);
    assert.equal((await browser.get('/console')).statusCode, 200);
    // The same cookie sent over HTTPS (or to localhost) is not trusted: it could have been planted.
    const planted = await ctx.app.inject({ url: '/console', headers: { cookie: browser.cookie() } });
    assert.equal(planted.headers.location, '/console/accedi');
    await browser.post('/console/esci', {});
  });

  it('answers too many failures from one address with its own page', async () => {
    const browser = consoleBrowser(ctx.app);
    await browser.get('/console/accedi');
    let last = await browser.post('/console/accedi', { email: 'nobody@example.it', password: 'wrong wrong wrong' });
    for (let i = 0; i < 25 && last.statusCode !== 429; i++) {
      last = await browser.post('/console/accedi', { email: 'nobody@example.it', password: 'wrong wrong wrong' });
    }
    assert.equal(last.statusCode, 429);
    assert.match(last.body, /Troppi tentativi/);
    assert.ok(Number(last.headers['retry-after']) > 0);
  });
});
