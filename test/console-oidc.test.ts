// Operators signing in through their entity's own OpenID Connect provider (issue 12), against a real
// provider (npm oidc-provider on a local port, support/oidc-provider.ts): the sign-in page's button,
// the round trip to an operator session found by fiscal code, the same refusal as a wrong password
// for an identity that is no operator of the entity, a callback that works once and only in the
// browser that started it — and the authorization matrix's two kinds of these routes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { oidcProvider } from '../src/modules/identity/oidc.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { injectBrowser } from './support/browser.ts';
import { summary } from './support/console.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import {
  authorizeAt,
  FISCAL_NUMBER,
  type LocalProvider,
  localOidcProvider,
  spidSettings,
} from './support/oidc-provider.ts';

const PUBLIC_URL = 'https://cassa.comune.example.it';
const SECRET = randomBytes(24).toString('base64url');
const CALLBACK = `${PUBLIC_URL}/console/accedi/oidc/comune/callback`;
const GIULIA = 'BNCGLI80A41H501C';

let ctx: TestContext;
let app: FastifyInstance;
let op: LocalProvider;
let entity: Entity;
let other: Entity;
let addresses = 0;
const browser = () => injectBrowser(app, `198.51.100.${++addresses}`);

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  other = await ctx.services.entities.create(ENTITY_B, testActor);
  await ctx.services.operators.accounts.create(
    {
      entityId: entity.id,
      email: 'giulia@comune.example.it',
      displayName: 'Giulia Bianchi',
      fiscalCode: GIULIA,
      roles: ['auditor'],
    },
    testActor,
  );
  op = await localOidcProvider({
    clients: [{ client_id: 'cassa-console', client_secret: SECRET, redirect_uris: [CALLBACK] }],
    accounts: {
      giulia: { [FISCAL_NUMBER]: `TINIT-${GIULIA}`, given_name: 'Giulia', family_name: 'Bianchi' },
      mario: { [FISCAL_NUMBER]: 'TINIT-RSSMRA80A01H501U', given_name: 'Mario', family_name: 'Rossi' },
    },
  });
  const settings = spidSettings({ issuer: op.issuer, clientId: 'cassa-console', clientSecret: SECRET });
  app = await buildApp({
    services: ctx.services,
    logLevel: 'silent',
    publicUrl: PUBLIC_URL,
    consoleOidc: [
      {
        provider: oidcProvider({ ...settings, name: 'comune', label: 'Entra con l’identità del Comune' }),
        entity: undefined,
      },
    ],
  });
});
after(async () => {
  await app?.close();
  await op?.close();
  await ctx?.close();
});

const operatorSessions = async () =>
  (await ctx.services.database.db.selectFrom('operator_sessions').select('id').execute()).length;

/** Starts at the console's button for `ente`, goes through the provider as `account`; the callback's path. */
async function throughProvider(b: ReturnType<typeof browser>, account: string, ente = entity.fiscalCode) {
  const start = await b.request('GET', `/console/accedi/oidc/comune?ente=${ente}`);
  assert.equal(start.statusCode, 303, start.body.slice(0, 200));
  const back = await authorizeAt(op.issuer, String(start.headers.location), account);
  assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
  return `${back.pathname}${back.search}`;
}

describe('operators signing in through the entity’s provider', () => {
  it('the sign-in page of an entity has the provider’s button', async () => {
    const page = await browser().request('GET', `/console/accedi?ente=${entity.fiscalCode}`);
    assert.match(
      page.body,
      new RegExp(`href="/console/accedi/oidc/comune\\?ente=${entity.fiscalCode}">Entra con l’identità del Comune</a>`),
    );
    const bare = await browser().request('GET', '/console/accedi');
    assert.doesNotMatch(bare.body, /accedi\/oidc/, 'a provider of any entity needs the page to name one');
  });

  it('signs the operator with that fiscal code in, at once', async () => {
    const b = browser();
    const before = await operatorSessions();
    const res = await b.request('GET', await throughProvider(b, 'giulia'));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, '/console');
    assert.equal(await operatorSessions(), before + 1);
    const home = await b.request('GET', '/console');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Giulia Bianchi/);
    const [row] = await ctx.services.database.db
      .selectFrom('operator_sessions')
      .select(['method', 'stage'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .execute();
    assert.deepEqual(row, { method: 'oidc', stage: 'active' });
  });

  it('confirms who the operator is by signing in again, and goes back to the page', async () => {
    const b = browser();
    await b.request('GET', await throughProvider(b, 'giulia'));
    ctx.clock.advance(6 * 60_000);
    const stale = await b.request('GET', '/console/account');
    assert.match(stale.body, /devi confermare che sei tu/);
    const confirm = await b.request('GET', '/console/conferma?dopo=/console/account');
    const href = `/console/accedi/oidc/comune?ente=${entity.fiscalCode}&amp;dopo=%2Fconsole%2Faccount`;
    assert.ok(confirm.body.includes(`href="${href}"`), 'a button of the entity’s provider');
    const start = await b.request('GET', href.replace('&amp;', '&'));
    const back = await authorizeAt(op.issuer, String(start.headers.location), 'giulia');
    const res = await b.request('GET', `${back.pathname}${back.search}`);
    assert.equal(res.headers.location, '/console/account');
    const fresh = await b.request('GET', '/console/account');
    assert.equal(fresh.statusCode, 200);
    assert.doesNotMatch(fresh.body, /devi confermare che sei tu/);
  });

  it('refuses an identity that is no operator of the entity as it refuses a wrong password', async () => {
    for (const [account, ente] of [
      ['mario', entity.fiscalCode],
      ['giulia', other.fiscalCode],
      ['giulia', '00000000000'],
    ] as const) {
      const b = browser();
      const before = await operatorSessions();
      const res = await b.request('GET', await throughProvider(b, account, ente));
      assert.equal(res.statusCode, 401, `${account} at ${ente}`);
      assert.deepEqual(summary(res.body), [
        'L’e-mail, la password o il codice non sono corretti, oppure l’account è bloccato per un po’.',
      ]);
      assert.equal(await operatorSessions(), before);
    }
    const failed = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'operator.sign_in_failed')
      .execute();
    assert.equal(failed.filter((r) => String(r.after).includes('"method":"oidc"')).length, 3, 'audited, with why');
  });
});

describe('the authorization matrix: operators’ OpenID Connect routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'operator-oidc-start')) {
    it(`${route.method} ${route.url}: anyone is sent to the provider with a new transaction; unknown provider 404`, async () => {
      const res = await app.inject({ url: `${route.url.replace(':provider', 'comune')}?ente=${entity.fiscalCode}` });
      assert.equal(res.statusCode, 303);
      assert.ok(String(res.headers.location).startsWith(`${op.issuer}/auth?`));
      assert.match(
        String(res.headers['set-cookie']),
        /^__Host-cassa-console-oidc=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly/,
      );
      const unknown = await app.inject({ url: route.url.replace(':provider', 'nope') });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /Pagina non trovata/);
    });
  }

  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'operator-oidc-state')) {
    it(`${route.method} ${route.url}: without this browser's unused transaction, 400 and no session`, async () => {
      const url = route.url.replace(':provider', 'comune');
      const b = browser();
      const path = await throughProvider(b, 'giulia');
      const query = path.slice(path.indexOf('?'));
      const cookie = `__Host-cassa-console-oidc=${b.cookie('__Host-cassa-console-oidc')}`;
      const before = await operatorSessions();
      const forged = new URLSearchParams(query);
      forged.set('state', 'A'.repeat(43));
      for (const res of [
        await app.inject({ url, headers: { cookie } }),
        await app.inject({ url: `${url}?${forged}`, headers: { cookie } }),
        await app.inject({ url: `${url}${query}`, headers: { cookie: `__Host-cassa-console-oidc=${'B'.repeat(43)}` } }),
      ])
        assert.equal(res.statusCode, 400, res.body.slice(0, 200));
      assert.equal(await operatorSessions(), before);
      const refused = await ctx.services.database.db
        .selectFrom('audit_log')
        .select('after')
        .where('action', '=', 'oidc_sign_in.refused')
        .execute();
      assert.ok(
        refused.some((r) => String(r.after).includes('console:comune')),
        'each refusal audited',
      );
      // That transaction was taken by the browser that did not start it: even its own is refused now.
      assert.equal((await b.request('GET', path)).statusCode, 400);
      const again = browser();
      const taken = await again.request('GET', await throughProvider(again, 'giulia'));
      assert.equal(taken.statusCode, 303);
      assert.equal(await operatorSessions(), before + 1);
    });
  }
});
