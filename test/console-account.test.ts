// The operator's own account in the console (issue 12): the page; new recovery codes only with a
// recent proof, shown once; a new authenticator app replacing the old one once confirmed; passkeys
// added from the page, then used to sign in and to confirm who you are, renamed and removed (a
// software authenticator, support/authenticator.ts); the enrolment page keeping its key on reload;
// the console's own 404 and 500 pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { softAuthenticator } from './support/authenticator.ts';
import { consoleBrowser, summary } from './support/console.ts';
import { OPERATOR_PASSWORD, signedInOperator, totpNow } from './support/console-operators.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

const ORIGIN = 'http://localhost:3000';
let ctx: TestContext;
let entity: Entity;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
});
after(() => ctx.close());

const audited = async (action: string) =>
  (await ctx.db.database.db.selectFrom('audit_log').select('action').where('action', '=', action).execute()).length;
const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** The WebAuthn options a page carries for its passkey form (`create` or `get`). */
const optionsOn = (body: string, kind: 'create' | 'get') => {
  const m = new RegExp(`data-passkey="${kind}" data-options="([^"]+)"`).exec(body);
  assert.ok(m, `no ${kind} passkey form on the page`);
  return JSON.parse(unescapeHtml(m[1]!));
};
const shownSecret = (body: string) => /name="secret" value="([A-Z2-7]+)"/.exec(body)?.[1];

/** A cookie-keeping browser signed in as the operator with the pages (password, then TOTP). */
async function browserFor(who: { email: string; secret: string }) {
  const browser = consoleBrowser(ctx.app);
  await browser.get('/console/accedi');
  const signed = await browser.post('/console/accedi', {
    entity: entity.fiscalCode,
    email: who.email,
    password: OPERATOR_PASSWORD,
  });
  assert.equal(signed.headers.location, '/console/accedi/codice');
  await browser.get('/console/accedi/codice');
  const done = await browser.post('/console/accedi/codice', { code: await totpNow(ctx, who.secret) });
  assert.equal(done.headers.location, '/console');
  ctx.clock.advance(30_000);
  return browser;
}

describe('the enrolment page', () => {
  it('shows the same key when reloaded, until it is confirmed', async () => {
    const ops = ctx.services.operators;
    const operator = await ops.accounts.create(
      { entityId: entity.id, email: 'reload@comune.example.it', displayName: 'Rita Lodi', roles: ['operator'] },
      testActor,
    );
    const invitation = await ops.invitations.invite(operator.id, testActor);
    const { token } = await ops.invitations.accept(
      invitation.token,
      { password: OPERATOR_PASSWORD },
      {
        requestId: 't',
      },
    );
    const browser = consoleBrowser(ctx.app);
    browser.jar.set('__Host-cassa-console', token);
    const before = await audited('operator.totp_enrol');
    const first = shownSecret((await browser.get('/console/attiva')).body);
    ctx.clock.advance(60_000);
    const again = shownSecret((await browser.get('/console/attiva')).body);
    assert.ok(first);
    assert.equal(again, first, 'a reload shows the key already added to the app');
    assert.equal(await audited('operator.totp_enrol'), before + 1);
    const confirmed = await browser.post('/console/attiva', { code: await totpNow(ctx, first) });
    assert.equal(confirmed.statusCode, 200);
    assert.equal([...confirmed.body.matchAll(/<li><code>/g)].length, 10);
  });
});

describe('the account page', () => {
  let who: Awaited<ReturnType<typeof signedInOperator>>;
  let browser: Awaited<ReturnType<typeof browserFor>>;
  const key = softAuthenticator();

  before(async () => {
    who = await signedInOperator(ctx, { entityId: entity.id, email: 'marta@comune.example.it', roles: ['auditor'] });
    browser = await browserFor(who);
  });

  it('says who the operator is and what second factors they have', async () => {
    const page = await browser.get('/console/account');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /marta@comune\.example\.it/);
    assert.match(page.body, /Ne restano 10 su 10\./);
    assert.match(page.body, /Nessuna passkey\./);
    assert.match(page.body, /richiede JavaScript/);
  });

  it('makes new recovery codes only after a recent proof, and shows them once', async () => {
    ctx.clock.advance(6 * 60_000);
    const before = await audited('operator.recovery_codes_replaced');
    const stale = await browser.post('/console/account/codici', {});
    assert.equal(stale.headers.location, '/console/conferma?dopo=%2Fconsole%2Faccount');
    assert.equal(await audited('operator.recovery_codes_replaced'), before, 'nothing made');
    await browser.get('/console/conferma?dopo=/console/account');
    const confirmed = await browser.post('/console/conferma', {
      code: await totpNow(ctx, who.secret),
      dopo: '/console/account',
    });
    assert.equal(confirmed.headers.location, '/console/account');
    const made = await browser.post('/console/account/codici', {});
    assert.equal(made.statusCode, 200);
    assert.equal(made.headers['cache-control'], 'no-store');
    const codes = [...made.body.matchAll(/<li><code>([^<]+)<\/code>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 10);
    assert.equal(await audited('operator.recovery_codes_replaced'), before + 1);
    const page = await browser.get('/console/account');
    for (const code of codes) assert.ok(!page.body.includes(code), 'never shown again');
    const pending = await ctx.services.operators.signIn.password(
      { entityId: entity.id, email: who.email, password: OPERATOR_PASSWORD },
      { requestId: 't' },
    );
    const active = await ctx.services.operators.signIn.recoveryCode(pending.token, codes[3]!, { requestId: 't' });
    assert.equal(active.stage, 'active');
  });

  it('adds a passkey with the options the page carries', async () => {
    const page = await browser.get('/console/account');
    const options = optionsOn(page.body, 'create');
    assert.equal(options.rp.id, 'localhost');
    const added = await browser.post('/console/account/passkey', {
      response: JSON.stringify(key.register(options, ORIGIN)),
      passkeyName: 'Portatile',
    });
    assert.equal(added.headers.location, '/console/account');
    const after = await browser.get('/console/account');
    assert.match(after.body, /<th scope="row">Portatile<\/th>/);
    const replayed = await browser.post('/console/account/passkey', {
      response: JSON.stringify(key.register(options, ORIGIN)),
      passkeyName: 'Di nuovo',
    });
    assert.equal(replayed.statusCode, 401, 'the challenge served once');
    assert.deepEqual(summary(replayed.body), ['La passkey non è stata accettata: riprova.']);
  });

  it('signs in with the passkey as the second factor, and confirms who you are with it', async () => {
    const other = consoleBrowser(ctx.app);
    await other.get('/console/accedi');
    await other.post('/console/accedi', { entity: entity.fiscalCode, email: who.email, password: OPERATOR_PASSWORD });
    const step = await other.get('/console/accedi/codice');
    const signedIn = await other.post('/console/accedi/codice', {
      response: JSON.stringify(key.assert(optionsOn(step.body, 'get'), ORIGIN)),
    });
    assert.equal(signedIn.headers.location, '/console');
    assert.equal((await other.get('/console')).statusCode, 200);
    ctx.clock.advance(6 * 60_000);
    const confirm = await other.get('/console/conferma?dopo=/console/account');
    const confirmed = await other.post('/console/conferma', {
      response: JSON.stringify(key.assert(optionsOn(confirm.body, 'get'), ORIGIN)),
      dopo: '/console/account',
    });
    assert.equal(confirmed.headers.location, '/console/account');
    const wrong = await other.post('/console/conferma', { response: '{"id":1}', dopo: '/console/account' });
    assert.equal(wrong.statusCode, 400);
    browser = other;
  });

  it('renames and removes a passkey of their own only', async () => {
    const renamed = await browser.post('/console/account/passkey/nome', { id: key.credentialId, name: 'Ufficio' });
    assert.equal(renamed.headers.location, '/console/account');
    assert.match((await browser.get('/console/account')).body, /<th scope="row">Ufficio<\/th>/);
    const unknown = await browser.post('/console/account/passkey/rimuovi', { id: 'not-theirs' });
    assert.equal(unknown.statusCode, 404);
    const removed = await browser.post('/console/account/passkey/rimuovi', { id: key.credentialId });
    assert.equal(removed.headers.location, '/console/account');
    assert.match((await browser.get('/console/account')).body, /Nessuna passkey\./);
    assert.equal(await audited('operator.passkey_removed'), 1);
  });

  it('replaces the authenticator app once a code of the new one confirms it', async () => {
    const first = await browser.get('/console/account/app');
    const secret = shownSecret(first.body)!;
    assert.ok(secret);
    assert.equal(shownSecret((await browser.get('/console/account/app')).body), secret, 'the same key on reload');
    const wrong = await browser.post('/console/account/app', { code: '000000', secret, uri: 'otpauth://totp/x' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(shownSecret(wrong.body), secret);
    // The old app still works until the new one is confirmed.
    const pending = () =>
      ctx.services.operators.signIn.password(
        { entityId: entity.id, email: who.email, password: OPERATOR_PASSWORD },
        { requestId: 't' },
      );
    ctx.clock.advance(30_000);
    const done = await browser.post('/console/account/app', { code: await totpNow(ctx, secret) });
    assert.equal(done.statusCode, 200);
    assert.equal([...done.body.matchAll(/<li><code>/g)].length, 10);
    ctx.clock.advance(30_000);
    const withOld = await pending();
    await assert.rejects(
      ctx.services.operators.signIn.totp(withOld.token, await totpNow(ctx, who.secret), { requestId: 't' }),
      { code: 'SIGN_IN_FAILED' },
    );
    const withNew = await pending();
    const active = await ctx.services.operators.signIn.totp(withNew.token, await totpNow(ctx, secret), {
      requestId: 't',
    });
    assert.equal(active.stage, 'active');
  });

  it('answers with the console’s own 404 and 500 pages, no stack trace', async () => {
    for (const url of ['/console/nulla', `/console/e/${entity.fiscalCode}/nulla/ancora`]) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Pagina non trovata/);
      assert.match(res.body, /Cassa · Console/);
    }
    const factors = ctx.services.operators.secondFactor;
    const summaryOf = factors.summary;
    factors.summary = async () => {
      throw new Error('boom: the summary failed');
    };
    try {
      const res = await browser.get('/console/account');
      assert.equal(res.statusCode, 500);
      assert.match(res.body, /Si è verificato un errore/);
      assert.match(res.body, /Cassa · Console/);
      assert.ok(!res.body.includes('boom') && !/at .*\.ts:\d+/.test(res.body), 'no detail, no stack');
    } finally {
      factors.summary = summaryOf;
    }
  });
});
