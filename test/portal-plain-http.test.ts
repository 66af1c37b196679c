// The portal opened at a network address over plain HTTP (a VM on the office LAN before TLS, issue 11):
// forms work with cookies that have neither the __Host- prefix nor Secure — only there; on localhost
// and over HTTPS (a proxy in TRUST_PROXY) the cookies are exactly the __Host- ones, and a cookie
// planted over HTTP is never read over HTTPS (cookie tossing). Plus the start-up warnings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { networkWarnings } from '../src/config/network-warnings.ts';
import { isLoopbackHost, plainCookie } from '../src/http/web/transport.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { setCookies } from './support/browser.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

const PROXY = '10.0.0.5';
const LAN = { host: '192.168.1.20:3000' };
const HTTPS = { host: 'pagamenti.comune.example.it', 'x-forwarded-proto': 'https' };

let ctx: TestContext;
let app: FastifyInstance;
let entity: Entity;
let nav: string;

before(async () => {
  ctx = await testContext();
  app = await buildApp({ services: ctx.services, logLevel: 'silent', trustProxy: [PROXY] });
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  const position = await ctx.services.positions.create(
    entity,
    singlePayment('P-1', 9_900),
    { toPublish: true },
    testActor,
  );
  nav = position.options[0]!.installments[0]!.nav;
});
after(async () => {
  await app.close();
  await ctx.close();
});

const get = (url: string, headers: Record<string, string>, remoteAddress = PROXY) =>
  app.inject({ url, remoteAddress, headers: { accept: 'text/html', ...headers } });
const post = (url: string, headers: Record<string, string>, form: Record<string, string>, remoteAddress = PROXY) =>
  app.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
const seedOf = (res: { headers: Record<string, unknown> }, name: string) => {
  const found = setCookies(res).find((c) => c.startsWith(`${name}=`));
  return found?.slice(name.length + 1).split(';')[0];
};
const BANNER_IT = /Connessione non protetta:/;

describe('portal over plain HTTP on a network address', () => {
  it('a look-up form round trip works, with cookies without __Host- and Secure, and a banner', async () => {
    const home = await get(`/e/${entity.fiscalCode}`, LAN);
    assert.equal(home.statusCode, 200);
    const [csrf] = setCookies(home);
    assert.match(csrf!, /^cassa-csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.match(
      home.body,
      /<div class="alert alert-danger[^"]*" role="note"[^>]*><strong>Connessione non protetta:<\/strong>/,
    );
    const seed = seedOf(home, 'cassa-csrf')!;
    const sent = await post(
      `/e/${entity.fiscalCode}/avviso`,
      { ...LAN, cookie: `cassa-csrf=${seed}`, origin: 'http://192.168.1.20:3000', 'sec-fetch-site': 'same-origin' },
      { nav, _csrf: tokenOf(home.body) },
    );
    assert.equal(sent.statusCode, 303, sent.body);
    const notice = await get(String(sent.headers.location), { ...LAN, cookie: `cassa-csrf=${seed}` });
    assert.equal(notice.statusCode, 200);
    assert.match(notice.body, BANNER_IT);
    assert.match(notice.body, new RegExp(nav.slice(0, 4)));
    for (const c of [...setCookies(sent), ...setCookies(notice)]) assert.doesNotMatch(c, /__Host-|Secure/i);
  });

  it('the language cookie loses the prefix too, and the banner speaks English', async () => {
    const res = await get(`/e/${entity.fiscalCode}?lang=en`, LAN);
    assert.ok(setCookies(res).includes('cassa-lang=en; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000'));
    assert.match(res.body, /Connection not secure:/);
    const again = await get(`/e/${entity.fiscalCode}`, { ...LAN, cookie: 'cassa-lang=en' });
    assert.match(again.body, /<html lang="en">/);
  });

  it('CSRF still holds: no cookie, a __Host- cookie, or another site are refused', async () => {
    const home = await get(`/e/${entity.fiscalCode}`, LAN);
    const seed = seedOf(home, 'cassa-csrf')!;
    const form = { nav, _csrf: tokenOf(home.body) };
    const url = `/e/${entity.fiscalCode}/avviso`;
    assert.equal((await post(url, LAN, form)).statusCode, 400, 'no cookie');
    assert.equal((await post(url, { ...LAN, cookie: `__Host-cassa-csrf=${seed}` }, form)).statusCode, 400);
    const evil = { ...LAN, cookie: `cassa-csrf=${seed}`, origin: 'http://evil.example' };
    assert.equal((await post(url, evil, form)).statusCode, 400, 'another site');
    const cross = { ...LAN, cookie: `cassa-csrf=${seed}`, 'sec-fetch-site': 'cross-site' };
    assert.equal((await post(url, cross, form)).statusCode, 400, 'cross-site');
    assert.equal((await post(url, { ...LAN, cookie: `cassa-csrf=${seed}` }, { nav, _csrf: 'x' })).statusCode, 400);
  });
});

describe('signing in over plain HTTP on a network address', () => {
  it('the session cookie loses the prefix and Secure, and opens the signed-in pages there only', async () => {
    const citizen = DEMO_CITIZENS[0]!;
    const next = `/e/${entity.fiscalCode}/estratto`;
    const form = await get(`/accedi?next=${encodeURIComponent(next)}`, LAN);
    const seed = seedOf(form, 'cassa-csrf')!;
    const signedIn = await post(
      '/accedi/sandbox',
      { ...LAN, cookie: `cassa-csrf=${seed}` },
      { fiscalCode: citizen.fiscalCode, next, _csrf: tokenOf(form.body) },
    );
    assert.equal(signedIn.statusCode, 303, signedIn.body);
    const session = setCookies(signedIn).find((c) => c.startsWith('cassa-session='));
    assert.match(session!, /^cassa-session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const token = session!.slice('cassa-session='.length).split(';')[0]!;
    const statement = await get(next, { ...LAN, cookie: `cassa-csrf=${seed}; cassa-session=${token}` });
    assert.equal(statement.statusCode, 200);
    assert.match(statement.body, BANNER_IT);
    // The same session token planted without the prefix does not sign anyone in over HTTPS.
    const https = await get(next, { ...HTTPS, cookie: `cassa-session=${token}` });
    assert.equal(https.statusCode, 303);
    assert.match(String(https.headers.location), /^\/accedi/);
  });
});

describe('portal on localhost and over HTTPS: the __Host- cookies as before', () => {
  for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
    it(`on ${host} over HTTP`, async () => {
      const res = await get(`/e/${entity.fiscalCode}`, { host });
      assert.match(
        setCookies(res)[0]!,
        /^__Host-cassa-csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/,
      );
      assert.doesNotMatch(res.body, BANNER_IT);
    });
  }

  it('over HTTPS through a proxy in TRUST_PROXY, with a round trip', async () => {
    const home = await get(`/e/${entity.fiscalCode}`, HTTPS);
    assert.match(
      setCookies(home)[0]!,
      /^__Host-cassa-csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/,
    );
    assert.doesNotMatch(home.body, BANNER_IT);
    const seed = seedOf(home, '__Host-cassa-csrf')!;
    const sent = await post(
      `/e/${entity.fiscalCode}/avviso`,
      { ...HTTPS, cookie: `__Host-cassa-csrf=${seed}`, origin: 'https://pagamenti.comune.example.it' },
      { nav, _csrf: tokenOf(home.body) },
    );
    assert.equal(sent.statusCode, 303);
  });

  it('an X-Forwarded-Proto: https from a proxy not in TRUST_PROXY keeps the __Host- cookies', async () => {
    const res = await get(`/e/${entity.fiscalCode}`, HTTPS, '203.0.113.9');
    assert.match(setCookies(res)[0]!, /^__Host-cassa-csrf=.*; Secure;/);
    assert.doesNotMatch(res.body, BANNER_IT);
  });

  it('a cookie planted over plain HTTP is not read over HTTPS (cookie tossing)', async () => {
    // The attacker gets a seed and its token over HTTP, then has the browser send it to the HTTPS site.
    const planted = await get(`/e/${entity.fiscalCode}`, LAN);
    const seed = seedOf(planted, 'cassa-csrf')!;
    const form = { nav, _csrf: tokenOf(planted.body) };
    const url = `/e/${entity.fiscalCode}/avviso`;
    const tossed = await post(url, { ...HTTPS, cookie: `cassa-csrf=${seed}` }, form);
    assert.equal(tossed.statusCode, 400, 'the unprefixed cookie counts for nothing over HTTPS');
    assert.match(tossed.body, /La pagina è scaduta/);
    // The same seed under the __Host- name (which only the HTTPS site itself can set) is accepted.
    assert.equal((await post(url, { ...HTTPS, cookie: `__Host-cassa-csrf=${seed}` }, form)).statusCode, 303);
  });
});

describe('the pieces', () => {
  it('every __Host- cookie, the session one too, loses the prefix and Secure only', () => {
    assert.equal(
      plainCookie('__Host-cassa-session=abc; Path=/; Secure; HttpOnly; SameSite=Lax'),
      'cassa-session=abc; Path=/; HttpOnly; SameSite=Lax',
    );
    assert.equal(
      plainCookie('__Host-cassa-oidc=t; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600'),
      'cassa-oidc=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=600',
    );
  });

  it('loopback host names are the ones browsers treat as secure over HTTP', () => {
    for (const name of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])
      assert.ok(isLoopbackHost(name), name);
    for (const name of ['192.168.1.20', '0.0.0.0', '::', 'localhost.example.it', '10.127.0.1'])
      assert.ok(!isLoopbackHost(name), name);
  });

  it('start-up warnings: network address without TLS, and PUBLIC_URL at localhost', () => {
    const base = { port: 3000, tls: undefined };
    assert.deepEqual(networkWarnings({ ...base, host: 'localhost', publicUrl: 'http://localhost:3000' }), []);
    const both = networkWarnings({ ...base, host: '0.0.0.0', publicUrl: 'http://localhost:3000' });
    assert.equal(both.length, 2);
    assert.match(both[0]!, /plain HTTP/);
    assert.match(both[1]!, /PUBLIC_URL/);
    const lan = networkWarnings({ ...base, host: '0.0.0.0', publicUrl: 'http://192.168.1.20:3000' });
    assert.equal(lan.length, 1);
    assert.match(lan[0]!, /plain HTTP/);
    assert.deepEqual(
      networkWarnings({ ...base, host: '0.0.0.0', publicUrl: 'https://pagamenti.comune.example.it' }),
      [],
    );
    assert.deepEqual(networkWarnings({ ...base, host: '::', tls: {}, publicUrl: 'https://192.168.1.20:3000' }), []);
  });
});
