// Signing in with SPID/CIE through OpenID Connect, against a real provider (npm oidc-provider, on a
// local port) issuing the SPID-style claim https://attributes.eid.gov.it/fiscal_number = TINIT-<CF>:
// the whole journey to the statement; PKCE, nonce and state really checked; a callback used once;
// cancelling; private_key_jwt with signed request objects; the configurable claim; fiscal codes
// missing or invalid. Every refusal is a page, no session, and an audit record. The helpers that
// need no provider (fiscal-code claims, acr levels, signing keys): src/modules/identity/oidc.test.ts.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import { buildApp } from '../src/app.ts';
import type { OidcProviderConfig } from '../src/config/sign-in.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { oidcProvider } from '../src/modules/identity/oidc.ts';
import { readSigningKey } from '../src/modules/identity/signing-key.ts';
import { injectBrowser } from './support/browser.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import {
  authorizeAt,
  FISCAL_NUMBER,
  type LocalProvider,
  localOidcProvider,
  spidSettings,
} from './support/oidc-provider.ts';
import { singlePayment } from './support/positions.ts';
import { freePort } from './support/server.ts';

const PUBLIC_URL = 'https://pagamenti.comune.example.it';
const SECRET = randomBytes(24).toString('base64url');
const MARIO = 'RSSMRA80A01H501U';
const callbackOf = (name: string) => `${PUBLIC_URL}/accedi/oidc/${name}/callback`;

let ctx: TestContext;
let app: FastifyInstance;
let op: LocalProvider;
let entity: Entity;
let keyDir: string;

const settings = (over: Partial<OidcProviderConfig>): OidcProviderConfig =>
  spidSettings({ issuer: op.issuer, clientId: 'cassa-spid', clientSecret: SECRET, ...over });

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  await ctx.services.positions.create(entity, singlePayment('OIDC-1', 4_321), { toPublish: true }, testActor);
  // Cassa's key for the CIE-like provider: EC P-256 in a PEM file, its public half registered there.
  keyDir = mkdtempSync(join(tmpdir(), 'cassa-oidc-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(keyDir, 'cie.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const cieKid = readSigningKey(join(keyDir, 'cie.pem')).kid;
  op = await localOidcProvider({
    clients: [
      {
        client_id: 'cassa-spid',
        client_secret: SECRET,
        redirect_uris: [callbackOf('spid'), callbackOf('spidl2')],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: 'cassa-cie',
        redirect_uris: [callbackOf('cie')],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'ES256',
        request_object_signing_alg: 'ES256',
        require_signed_request_object: true,
        jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: cieKid, use: 'sig', alg: 'ES256' }] },
      },
      {
        client_id: 'cassa-gateway',
        client_secret: SECRET,
        redirect_uris: [callbackOf('gateway')],
      },
    ],
    accounts: {
      mario: { [FISCAL_NUMBER]: `TINIT-${MARIO}`, given_name: 'Mario', family_name: 'Rossi' },
      nocode: { given_name: 'Senza', family_name: 'Codice' },
      badcode: { [FISCAL_NUMBER]: 'TINIT-RSSMRA80A01H501X', given_name: 'Codice', family_name: 'Sbagliato' },
      foreign: { [FISCAL_NUMBER]: 'TINDE-123456789', given_name: 'Hans', family_name: 'Müller' },
      gatewayed: { fiscal_number: 'vrdgpp80a01h501u', given_name: 'Giuseppe', family_name: 'Verdi' },
    },
    extraClaims: ['fiscal_number'],
  });
  app = await buildApp({
    services: ctx.services,
    logLevel: 'silent',
    publicUrl: PUBLIC_URL,
    oidcProviders: [
      oidcProvider(settings({})),
      oidcProvider(
        settings({
          name: 'cie',
          kind: 'cie',
          clientId: 'cassa-cie',
          clientSecret: undefined,
          privateKeyFile: join(keyDir, 'cie.pem'),
        }),
      ),
      oidcProvider(settings({ name: 'spidl2', acr: 'https://www.spid.gov.it/SpidL2' })),
      oidcProvider(
        settings({
          name: 'gateway',
          clientId: 'cassa-gateway',
          label: 'Entra con SPID (gateway)',
          fiscalCodeClaim: 'fiscal_number',
        }),
      ),
    ],
  });
});
after(async () => {
  await app?.close();
  await op?.close();
  await ctx?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

const NEXT = `/e/${ENTITY_A.fiscalCode}/estratto`;
// Each pretend browser at its own address: the per-address limits are tested on their own.
let addresses = 0;
const browser = (remoteAddress = `198.51.100.${++addresses % 250}`) => injectBrowser(app, remoteAddress);
type Browser = ReturnType<typeof browser>;

async function start(b: Browser, provider = 'spid') {
  const res = await b.request('GET', `/accedi/oidc/${provider}?next=${encodeURIComponent(NEXT)}`);
  assert.equal(res.statusCode, 303, res.body);
  return new URL(String(res.headers.location));
}

/** The provider's answer as a path of Cassa's, for the pretend browser. */
const local = (url: URL) => {
  assert.equal(url.origin, PUBLIC_URL);
  return url.pathname + url.search;
};

async function signIn(b: Browser, account: string, provider = 'spid') {
  const back = await authorizeAt(op.issuer, (await start(b, provider)).href, account);
  return { back, res: await b.request('GET', local(back)) };
}

const sessions = () => ctx.services.database.db.selectFrom('citizen_sessions').selectAll().execute();
const refusals = () =>
  ctx.services.database.db
    .selectFrom('audit_log')
    .select(['after'])
    .where('action', '=', 'oidc_sign_in.refused')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => JSON.parse(r.after!) as { provider: string; reason: string }));

/** Runs `act`, then checks it started no session and recorded one refusal, whose reason it returns. */
async function refused(act: () => Promise<void>): Promise<string> {
  const before = (await sessions()).length;
  const audited = (await refusals()).length;
  await act();
  assert.equal((await sessions()).length, before, 'no session');
  const after = await refusals();
  assert.equal(after.length, audited + 1, 'one audit record of the refusal');
  return after.at(-1)!.reason;
}

describe('the sign-in page', () => {
  it('one button per provider, with its label, carrying where to go next', async () => {
    const page = await browser().request('GET', `/accedi?next=${encodeURIComponent(NEXT)}`);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      new RegExp(`href="/accedi/oidc/spid\\?next=${encodeURIComponent(NEXT)}">Entra con SPID</a>`),
    );
    assert.match(page.body, /href="\/accedi\/oidc\/cie\?next=[^"]+">Entra con CIE<\/a>/);
    assert.match(page.body, /href="\/accedi\/oidc\/gateway\?next=[^"]+">Entra con SPID \(gateway\)<\/a>/);
    assert.doesNotMatch(page.body, /non è ancora configurato/);
    const english = await browser().request('GET', '/accedi?lang=en');
    assert.match(english.body, />Sign in with SPID</);
    assert.match(english.body, />Sign in with CIE</);
  });

  it('without providers, the page still says signing in is not configured', async () => {
    const page = await ctx.app.inject({ url: '/accedi' });
    assert.match(page.body, /non è ancora configurato/);
    assert.doesNotMatch(page.body, /accedi\/oidc/);
  });
});

describe('signing in with SPID', () => {
  it('sends the browser to the provider with PKCE S256, state and nonce, bound to this browser', async () => {
    const b = browser();
    const url = await start(b);
    assert.equal(`${url.origin}${url.pathname}`, `${op.issuer}/auth`);
    const q = url.searchParams;
    assert.equal(q.get('client_id'), 'cassa-spid');
    assert.equal(q.get('redirect_uri'), callbackOf('spid'));
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('scope'), 'openid profile');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.get('state')!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(q.get('nonce')!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(b.cookie('__Host-cassa-oidc')!, /^[A-Za-z0-9_-]{43}$/);
    const row = await ctx.services.database.db
      .selectFrom('oidc_transactions')
      .selectAll()
      .where('state', '=', q.get('state')!)
      .executeTakeFirstOrThrow();
    assert.equal(row.next_path, NEXT);
    assert.equal(await client.calculatePKCECodeChallenge(row.code_verifier), q.get('code_challenge'));
    assert.equal(row.nonce, q.get('nonce'));
    const audit = await ctx.services.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'after'])
      .where('subject_type', '=', 'oidc_transaction')
      .where('subject_id', '=', row.id)
      .execute();
    assert.deepEqual(audit, [
      { action: 'oidc_sign_in.start', actor: 'citizen:anonymous', after: '{"provider":"spid"}' },
    ]);
  });

  it('the whole journey: provider login and consent, a session for the fiscal code, the statement', async () => {
    const b = browser();
    const { res } = await signIn(b, 'mario');
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, NEXT);
    assert.match(
      String(res.headers['set-cookie']),
      /^__Host-cassa-session=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/,
    );
    const session = (await sessions()).find((s) => s.fiscal_code === MARIO && s.method === 'spid');
    assert.ok(session, 'a SPID session for the fiscal code without TINIT-');
    assert.equal(session.full_name, 'Mario Rossi');
    const statement = await b.request('GET', NEXT);
    assert.equal(statement.statusCode, 200);
    assert.match(statement.body, /Accesso effettuato come Mario Rossi/);
    assert.match(statement.body, /43,21/);
  });

  it('a callback works once: the same answer again is refused', async () => {
    const b = browser();
    const { back, res } = await signIn(b, 'mario');
    assert.equal(res.statusCode, 303);
    const reason = await refused(async () => {
      const again = await b.request('GET', local(back));
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /Accesso non riuscito/);
      assert.match(again.body, /già stata usata/);
    });
    assert.equal(reason, 'transaction used');
  });

  it('a tampered state, no state, another browser, an expired transaction: refused, 400', async () => {
    const b = browser();
    const back = await authorizeAt(op.issuer, (await start(b)).href, 'mario');
    const tampered = new URL(back);
    const state = back.searchParams.get('state')!;
    // One character changed (never to itself).
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    assert.equal(
      await refused(async () => assert.equal((await b.request('GET', local(tampered))).statusCode, 400)),
      'transaction unknown',
    );
    const bare = new URL(back);
    bare.searchParams.delete('state');
    assert.equal(
      await refused(async () => assert.equal((await b.request('GET', local(bare))).statusCode, 400)),
      'transaction unknown',
    );
    // Someone else's browser with this answer (login CSRF): the transaction is not theirs.
    assert.equal(
      await refused(async () => assert.equal((await browser().request('GET', local(back))).statusCode, 400)),
      'transaction other-browser',
    );

    const late = browser();
    const lateBack = await authorizeAt(op.issuer, (await start(late)).href, 'mario');
    ctx.clock.advance(11 * 60_000);
    try {
      assert.equal(
        await refused(async () => assert.equal((await late.request('GET', local(lateBack))).statusCode, 400)),
        'transaction expired',
      );
    } finally {
      ctx.clock.advance(-11 * 60_000);
    }
  });

  it('an answer for another provider is refused', async () => {
    const b = browser();
    const back = await authorizeAt(op.issuer, (await start(b, 'spid')).href, 'mario');
    const elsewhere = new URL(back);
    elsewhere.pathname = '/accedi/oidc/gateway/callback';
    assert.equal(
      await refused(async () => assert.equal((await b.request('GET', local(elsewhere))).statusCode, 400)),
      'transaction other-provider',
    );
  });

  it('cancelling at the provider (error=access_denied): "sign-in cancelled", 401', async () => {
    const b = browser();
    const back = await authorizeAt(op.issuer, (await start(b)).href, 'mario', { cancel: true });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    const reason = await refused(async () => {
      const res = await b.request('GET', local(back));
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /Accesso annullato/);
      assert.match(res.body, new RegExp(`href="/accedi\\?next=${encodeURIComponent(NEXT)}"`));
    });
    assert.equal(reason, 'provider answered access_denied');
  });

  it('an ID token for another nonce is refused (the code was issued for a request Cassa did not make)', async () => {
    const b = browser();
    const url = await start(b);
    url.searchParams.set('nonce', client.randomNonce());
    const back = await authorizeAt(op.issuer, url.href, 'mario');
    const reason = await refused(async () => {
      const res = await b.request('GET', local(back));
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /non ha confermato chi sei/);
    });
    assert.match(reason, /nonce/);
  });

  it('a code bound to another PKCE challenge is refused at the token endpoint', async () => {
    const b = browser();
    const url = await start(b);
    url.searchParams.set('code_challenge', await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()));
    const back = await authorizeAt(op.issuer, url.href, 'mario');
    const reason = await refused(async () => assert.equal((await b.request('GET', local(back))).statusCode, 401));
    assert.match(reason, /invalid_grant/);
  });

  it('a forged code is refused', async () => {
    const b = browser();
    const back = await authorizeAt(op.issuer, (await start(b)).href, 'mario');
    back.searchParams.set('code', 'forged-code');
    const reason = await refused(async () => assert.equal((await b.request('GET', local(back))).statusCode, 401));
    assert.match(reason, /invalid_grant/);
  });

  it('no fiscal code, an invalid one, another country’s: refused, 401, saying why', async () => {
    for (const [account, why] of [
      ['nocode', /missing fiscal code/],
      ['badcode', /invalid fiscal code: The check character/],
      ['foreign', /another country \(DE\)/],
    ] as const) {
      const reason = await refused(async () => {
        const { res } = await signIn(browser(), account);
        assert.equal(res.statusCode, 401, account);
        assert.match(res.body, /non ha comunicato un codice fiscale italiano valido/);
      });
      assert.match(reason, why);
    }
  });

  it('the refusal pages in English too', async () => {
    const b = browser();
    await b.request('GET', '/accedi?lang=en');
    const back = await authorizeAt(op.issuer, (await start(b)).href, 'mario', { cancel: true });
    const res = await b.request('GET', local(back));
    assert.match(res.body, /Sign-in cancelled/);
    assert.match(res.body, /Back to the sign-in page/);
  });
});

describe('the authentication level (OIDC_<NAME>_ACR)', () => {
  it('is asked for with acr_values, and an ID token without it is refused', async () => {
    const b = browser();
    const url = await start(b, 'spidl2');
    assert.equal(url.searchParams.get('acr_values'), 'https://www.spid.gov.it/SpidL2');
    const back = await authorizeAt(op.issuer, url.href, 'mario');
    const reason = await refused(async () => assert.equal((await b.request('GET', local(back))).statusCode, 401));
    assert.match(reason, /authentication level missing, asked https:\/\/www\.spid\.gov\.it\/SpidL2/);
  });
});

describe('claims in the ID token', () => {
  it('a provider with the claims in the ID token and no userinfo endpoint works too', async () => {
    const idTokenOnly = await localOidcProvider({
      clients: [{ client_id: 'cassa-spid', client_secret: SECRET, redirect_uris: [callbackOf('spid')] }],
      accounts: { mario: { [FISCAL_NUMBER]: `TINIT-${MARIO}`, given_name: 'Mario', family_name: 'Rossi' } },
      claimsInIdToken: true,
    });
    const other = await buildApp({
      services: ctx.services,
      logLevel: 'silent',
      publicUrl: PUBLIC_URL,
      oidcProviders: [oidcProvider(settings({ issuer: idTokenOnly.issuer }))],
    });
    try {
      const b = injectBrowser(other, '203.0.113.9');
      const started = await b.request('GET', '/accedi/oidc/spid');
      const back = await authorizeAt(idTokenOnly.issuer, String(started.headers.location), 'mario');
      const before = (await sessions()).length;
      const res = await b.request('GET', local(back));
      assert.equal(res.statusCode, 303, res.body);
      assert.equal((await sessions()).length, before + 1);
    } finally {
      await other.close();
      await idTokenOnly.close();
    }
  });
});

describe('per-address limits', () => {
  it('at most 30 sign-ins started in 10 minutes from one address, then 429 with Retry-After', async () => {
    const address = '192.0.2.30';
    for (let i = 0; i < 30; i++)
      assert.equal((await browser(address).request('GET', '/accedi/oidc/spid')).statusCode, 303);
    const blocked = await browser(address).request('GET', '/accedi/oidc/spid');
    assert.equal(blocked.statusCode, 429);
    assert.match(String(blocked.headers['retry-after']), /^\d+$/);
    assert.equal((await browser('192.0.2.31').request('GET', '/accedi/oidc/spid')).statusCode, 303, 'another address');
  });

  it('at most 20 refused callbacks in 10 minutes from one address; then 429, nothing audited', async () => {
    const address = '192.0.2.20';
    for (let i = 0; i < 20; i++)
      assert.equal((await browser(address).request('GET', '/accedi/oidc/spid/callback?state=x')).statusCode, 400);
    const audited = (await refusals()).length;
    const blocked = await browser(address).request('GET', '/accedi/oidc/spid/callback?state=x');
    assert.equal(blocked.statusCode, 429);
    assert.equal((await refusals()).length, audited);
  });
});

describe('signing in with CIE: private_key_jwt and a signed request object', () => {
  it('the request is a signed JWT with PKCE inside; the token request authenticates with a signed assertion', async () => {
    const b = browser();
    const url = await start(b, 'cie');
    const q = url.searchParams;
    assert.equal(q.get('client_id'), 'cassa-cie');
    assert.equal(q.get('scope'), 'openid profile');
    assert.equal(q.get('state'), null, 'state, nonce and PKCE travel inside the request object');
    const [header, payload] = q
      .get('request')!
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    assert.equal(header!.alg, 'ES256');
    assert.equal(payload!.code_challenge_method, 'S256');
    assert.equal(payload!.aud, op.issuer);
    assert.ok(payload!.nonce && payload!.state);

    const back = await authorizeAt(op.issuer, url.href, 'mario');
    const res = await b.request('GET', local(back));
    assert.equal(res.statusCode, 303, res.body);
    assert.ok((await sessions()).some((s) => s.fiscal_code === MARIO && s.method === 'cie'));
  });

  it('an unsigned request for that client is refused by the provider itself', async () => {
    const plain = new URL(`${op.issuer}/auth`);
    for (const [k, v] of Object.entries({
      client_id: 'cassa-cie',
      redirect_uri: callbackOf('cie'),
      response_type: 'code',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    }))
      plain.searchParams.set(k, v);
    const back = await authorizeAt(op.issuer, plain.href, 'mario');
    assert.equal(back.searchParams.get('error'), 'invalid_request');
  });
});

describe('a configurable fiscal-code claim', () => {
  it('reads the fiscal code from the configured claim (a bare code, any case)', async () => {
    const b = browser();
    const { res } = await signIn(b, 'gatewayed', 'gateway');
    assert.equal(res.statusCode, 303, res.body);
    const session = (await sessions()).find((s) => s.fiscal_code === 'VRDGPP80A01H501U');
    assert.ok(session);
    assert.equal(session.method, 'spid');
    assert.equal(session.full_name, 'Giuseppe Verdi');
  });

  it('the SPID claim alone does not count when another is configured', async () => {
    const reason = await refused(async () => {
      const { res } = await signIn(browser(), 'mario', 'gateway');
      assert.equal(res.statusCode, 401);
    });
    assert.match(reason, /missing fiscal code/);
  });
});

describe('providers that are not there', () => {
  it('an unknown provider name is a 404 on both routes', async () => {
    for (const url of ['/accedi/oidc/nope', '/accedi/oidc/nope/callback?state=x&code=y']) {
      assert.equal((await browser().request('GET', url)).statusCode, 404, url);
    }
  });

  it('a provider that does not answer: "sign-in unavailable", 503, nothing kept', async () => {
    const port = await freePort();
    const down = await buildApp({
      services: ctx.services,
      logLevel: 'silent',
      publicUrl: PUBLIC_URL,
      oidcProviders: [oidcProvider(settings({ issuer: `http://127.0.0.1:${port}` }))],
    });
    try {
      const count = async () =>
        (await ctx.services.database.db.selectFrom('oidc_transactions').select('state').execute()).length;
      const before = await count();
      const res = await injectBrowser(down).request('GET', '/accedi/oidc/spid');
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /Servizio di accesso non disponibile/);
      assert.equal(await count(), before);
    } finally {
      await down.close();
    }
  });
});
