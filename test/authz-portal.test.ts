// Authorization of the citizen portal's routes: forms need the page's CSRF token (and a session where
// they are a citizen's), a payment's pages only its browser, the calendar feed its secret, the sign-in
// routes their own proofs — and a refused request changes nothing. The fixture is authz-fixture.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { oidcProvider } from '../src/modules/identity/oidc.ts';
import { createServices } from '../src/services.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { ctx, fill, ids, setUpAuthz, snapshot, tearDownAuthz } from './support/authz-fixture.ts';
import { certificateWorkshop } from './support/certs.ts';
import { testActor } from './support/context.ts';
import { authorizeAt, FISCAL_NUMBER, type LocalProvider, localOidcProvider } from './support/oidc-provider.ts';
import { DEBTOR } from './support/positions.ts';

before(setUpAuthz);
after(tearDownAuthz);

describe('portal forms', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'form')) {
    it(`${route.method} ${route.url}: without the page's CSRF token it is refused and changes nothing`, async () => {
      const values = { ...ids, nav: ids.portalNav };
      const before = await snapshot();
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const bare = await ctx.app.inject({
        method: 'POST',
        url: fill(route.url, values),
        headers: form,
        payload: `nav=${values.nav}`,
      });
      assert.equal(bare.statusCode, 400, bare.body.slice(0, 200));
      const forged = await ctx.app.inject({
        method: 'POST',
        url: fill(route.url, values),
        headers: { ...form, cookie: '__Host-cassa-csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        payload: `nav=${values.nav}&_csrf=forged`,
      });
      assert.equal(forged.statusCode, 400);
      assert.deepEqual(await snapshot(), before);
      // With the token of a page served to this browser, the form is taken.
      const home = await ctx.app.inject({ url: `/e/${ids.fiscalCode}` });
      const cookie = String(home.headers['set-cookie']).split(';')[0]!;
      const token = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
      const taken = await ctx.app.inject({
        method: 'POST',
        url: fill(route.url, values),
        headers: { ...form, cookie },
        payload: `nav=${values.nav}&fiscalCode=${DEMO_CITIZENS[0]!.fiscalCode}&_csrf=${encodeURIComponent(token)}`,
      });
      assert.ok(
        taken.statusCode === 303 || taken.statusCode === 409,
        `${taken.statusCode} ${taken.body.slice(0, 200)}`,
      );
    });
  }
});

describe('debtor forms', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'debtor-form')) {
    it(`${route.method} ${route.url}: only with the page's CSRF token and the debtor's fiscal code`, async () => {
      const url = fill(route.url, { ...ids, nav: ids.portalNav });
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const home = await ctx.app.inject({ url: `/e/${ids.fiscalCode}` });
      const cookie = String(home.headers['set-cookie']).split(';')[0]!;
      const token = encodeURIComponent(/name="_csrf" value="([^"]+)"/.exec(home.body)![1]!);
      const send = (headers: Record<string, string>, payload: string) =>
        ctx.app.inject({ method: 'POST', url, headers: { ...form, ...headers }, payload });
      const bare = await send({}, `debtorFiscalCode=${DEBTOR.fiscalCode}`);
      assert.equal(bare.statusCode, 400);
      assert.doesNotMatch(String(bare.headers['content-type']), /pdf/);
      const wrong = await send({ cookie }, `debtorFiscalCode=${DEMO_CITIZENS[1]!.fiscalCode}&_csrf=${token}`);
      assert.equal(wrong.statusCode, 400);
      assert.doesNotMatch(String(wrong.headers['content-type']), /pdf/);
      const taken = await send({ cookie }, `debtorFiscalCode=${DEBTOR.fiscalCode}&_csrf=${token}`);
      assert.equal(taken.statusCode, 200, taken.body.slice(0, 200));
      assert.equal(taken.headers['content-type'], 'application/pdf');
    });
  }
});

describe('citizen routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'citizen')) {
    it(`${route.method} ${route.url}: without a session, to sign-in; with a forged or ended one, 401`, async () => {
      const anonymous = await ctx.app.inject({ url: fill(route.url, ids), headers: { accept: 'text/html' } });
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/accedi\?next=/);
      const forged = await ctx.app.inject({
        url: fill(route.url, ids),
        headers: { accept: 'text/html', cookie: '__Host-cassa-session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      });
      assert.equal(forged.statusCode, 401);
    });
  }
});

describe('citizen forms', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'citizen-form')) {
    it(`${route.method} ${route.url}: without a session, to sign-in; signed in without the CSRF token, 400 and nothing changed`, async () => {
      const values = { ...ids, nav: ids.portalNav };
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const before = await snapshot();
      const anonymous = await ctx.app.inject({
        method: route.method as 'POST',
        url: fill(route.url, values),
        headers: form,
        payload: `nav=${values.nav}`,
      });
      assert.equal(anonymous.statusCode, 303, anonymous.body.slice(0, 200));
      assert.match(String(anonymous.headers.location), /^\/accedi\?next=/);
      const { token } = await ctx.services.sessions.start(
        { fiscalCode: DEMO_CITIZENS[0]!.fiscalCode, method: 'sandbox' },
        testActor,
      );
      const session = `__Host-cassa-session=${token}`;
      const bare = await ctx.app.inject({
        method: route.method as 'POST',
        url: fill(route.url, values),
        headers: { ...form, cookie: session },
        payload: `nav=${values.nav}`,
      });
      assert.equal(bare.statusCode, 400, bare.body.slice(0, 200));
      const forged = await ctx.app.inject({
        method: route.method as 'POST',
        url: fill(route.url, values),
        headers: { ...form, cookie: `${session}; __Host-cassa-csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` },
        payload: `nav=${values.nav}&_csrf=forged`,
      });
      assert.equal(forged.statusCode, 400);
      const { sessions, ...rest } = await snapshot();
      const { sessions: _, ...restBefore } = before;
      assert.deepEqual(rest, restBefore);
      assert.equal(sessions.length, before.sessions.length + 1, 'only the session this test started');
    });
  }
});

describe('payer forms', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'payer-form')) {
    it(`${route.method} ${route.url}: a browser that did not start the payment gets 404 and changes nothing`, async () => {
      const before = await snapshot();
      const home = await ctx.app.inject({ url: `/e/${ids.fiscalCode}` });
      const csrf = String(home.headers['set-cookie']).split(';')[0]!;
      const token = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      for (const cookie of [csrf, `${csrf}; __Host-cassa-payments=${ids.id}~not-the-signature`]) {
        const res = await ctx.app.inject({
          method: route.method as 'POST',
          url: fill(route.url, ids),
          headers: { ...form, cookie },
          payload: `_csrf=${encodeURIComponent(token)}`,
        });
        assert.equal(res.statusCode, 404, res.body.slice(0, 200));
      }
      assert.deepEqual(await snapshot(), before);
    });
  }
});

describe('calendar feed routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'feed-token')) {
    it(`${route.method} ${route.url}: only a live feed address answers; unknown or revoked, the same 404`, async () => {
      const feedUrl = (token: string) => route.url.replace(':feedToken', token);
      const citizen = DEMO_CITIZENS[0]!.fiscalCode;
      const { url } = await ctx.services.calendar.newFeed(citizen, 'it', testActor);
      const live = new URL(url).pathname;
      const ok = await ctx.app.inject({ url: live });
      assert.equal(ok.statusCode, 200, ok.body.slice(0, 200));
      assert.equal(ok.headers['content-type'], 'text/calendar; charset=utf-8');
      assert.match(ok.body, /^BEGIN:VCALENDAR\r\n/);
      const unknown = await ctx.app.inject({ url: feedUrl('A'.repeat(43)) });
      const malformed = await ctx.app.inject({ url: feedUrl('not-a-token') });
      await ctx.services.calendar.revokeFeed(citizen, testActor);
      const revoked = await ctx.app.inject({ url: live });
      for (const res of [unknown, malformed, revoked]) assert.equal(res.statusCode, 404);
      // The same page, but for the address it names.
      const liveToken = live.slice('/calendario/'.length, -'.ics'.length);
      assert.equal(revoked.body.replaceAll(liveToken, 'X'), unknown.body.replaceAll('A'.repeat(43), 'X'));
      // A session is no way in: the feed reads nothing but its address.
      const { token } = await ctx.services.sessions.start({ fiscalCode: citizen, method: 'sandbox' }, testActor);
      const withSession = await ctx.app.inject({ url: live, headers: { cookie: `__Host-cassa-session=${token}` } });
      assert.equal(withSession.statusCode, 404);
    });
  }
});

describe('OpenID Connect sign-in routes', () => {
  // An app with a real provider (oidc-provider on a local port) configured as "spid".
  const publicUrl = 'https://pagamenti.comune.example.it';
  let op: LocalProvider;
  let app: FastifyInstance;
  before(async () => {
    op = await localOidcProvider({
      clients: [
        {
          client_id: 'cassa',
          client_secret: 'authz-secret',
          redirect_uris: [`${publicUrl}/accedi/oidc/spid/callback`],
        },
      ],
      accounts: { mario: { [FISCAL_NUMBER]: 'TINIT-RSSMRA80A01H501U', given_name: 'Mario', family_name: 'Rossi' } },
    });
    app = await buildApp({
      services: ctx.services,
      logLevel: 'silent',
      publicUrl,
      oidcProviders: [
        oidcProvider({
          name: 'spid',
          kind: 'spid',
          label: undefined,
          issuer: op.issuer,
          clientId: 'cassa',
          clientSecret: 'authz-secret',
          privateKeyFile: undefined,
          scope: 'openid profile',
          fiscalCodeClaim: FISCAL_NUMBER,
          acr: undefined,
          prompt: undefined,
          allowHttp: true,
        }),
      ],
    });
  });
  after(async () => {
    await app?.close();
    await op?.close();
  });
  const sessionCount = async () =>
    (await ctx.services.database.db.selectFrom('citizen_sessions').select('id').execute()).length;

  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'oidc-start')) {
    it(`${route.method} ${route.url}: anyone is sent to the provider with a new transaction; unknown provider 404`, async () => {
      const res = await app.inject({ url: fill(route.url, ids) });
      assert.equal(res.statusCode, 303);
      assert.ok(String(res.headers.location).startsWith(`${op.issuer}/auth?`));
      assert.match(
        String(res.headers['set-cookie']),
        /^__Host-cassa-oidc=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly/,
      );
      const unknown = await app.inject({ url: fill(route.url, { ...ids, provider: 'nope' }) });
      assert.equal(unknown.statusCode, 404);
    });
  }

  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'oidc-state')) {
    it(`${route.method} ${route.url}: without this browser's unused transaction, 400 and no session`, async () => {
      const url = fill(route.url, ids);
      const started = await app.inject({ url: '/accedi/oidc/spid' });
      const cookie = String(started.headers['set-cookie']).split(';')[0]!;
      const answer = await authorizeAt(op.issuer, String(started.headers.location), 'mario');
      const query = answer.search;
      const before = { data: await snapshot(), sessions: await sessionCount() };
      const forged = new URLSearchParams(query);
      forged.set('state', 'A'.repeat(43));
      const attempts = [
        app.inject({ url, headers: { cookie } }),
        app.inject({ url: `${url}?${forged}`, headers: { cookie } }),
        app.inject({ url: `${url}${query}` }),
        app.inject({ url: `${url}${query}`, headers: { cookie: `__Host-cassa-oidc=${'B'.repeat(43)}` } }),
      ];
      for (const res of await Promise.all(attempts)) assert.equal(res.statusCode, 400, res.body.slice(0, 200));
      assert.deepEqual({ data: await snapshot(), sessions: await sessionCount() }, before);
      // The transaction was used by the refused attempt from another browser: even its own is refused now.
      assert.equal((await app.inject({ url: `${url}${query}`, headers: { cookie } })).statusCode, 400);
      // With a fresh transaction, this browser and the provider's answer: a session.
      const again = await app.inject({ url: '/accedi/oidc/spid' });
      const ownCookie = String(again.headers['set-cookie']).split(';')[0]!;
      const own = await authorizeAt(op.issuer, String(again.headers.location), 'mario');
      const taken = await app.inject({ url: `${url}${own.search}`, headers: { cookie: ownCookie } });
      assert.equal(taken.statusCode, 303, taken.body.slice(0, 200));
      assert.equal(await sessionCount(), before.sessions + 1);
    });
  }
});

describe('smart-card sign-in routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'smartcard')) {
    it(`${route.method} ${route.url}: no session without a certificate, nor from a header an untrusted address sets`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'authz-card-'));
      const { authority, issue, file, pem } = certificateWorkshop(dir, { days: 2 });
      authority('ca', { subject: '/CN=card-ca' });
      issue('card', `/CN=${DEMO_CITIZENS[0]!.fiscalCode}`, 'ca', { ext: 'certificatePolicies=1.3.76.16.2.1\n' });
      const app = await buildApp({
        services: createServices(ctx.services.database, {}),
        logLevel: 'silent',
        trustProxy: ['192.0.2.10'],
        smartCard: {
          ca: file('ca.pem'),
          policyOids: ['1.3.76.16.2.1'],
          certHeader: 'x-ssl-client-cert',
        },
      });
      try {
        const before = await snapshot();
        const header = { 'x-ssl-client-cert': encodeURIComponent(pem('card')) };
        const send = (remoteAddress: string, headers: Record<string, string> = {}) =>
          app.inject({
            method: 'GET',
            url: fill(route.url, ids),
            remoteAddress,
            headers: { accept: 'text/html', ...headers },
          });
        for (const res of [await send('198.51.100.1'), await send('198.51.100.1', header)]) {
          assert.equal(res.statusCode, 401);
          assert.equal(res.headers['set-cookie'], undefined);
        }
        assert.deepEqual(await snapshot(), before);
        // The same certificate from the trusted proxy signs in (the rule is not "never").
        const taken = await send('192.0.2.10', header);
        assert.equal(taken.statusCode, 303, taken.body.slice(0, 300));
        assert.match(String(taken.headers['set-cookie']), /__Host-cassa-session=/);
        // And where smart cards are not configured, the route is a 404.
        assert.equal(
          (await ctx.app.inject({ url: fill(route.url, ids), headers: { accept: 'text/html' } })).statusCode,
          404,
        );
      } finally {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('payer routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'payer')) {
    it(`${route.method} ${route.url}: a browser that did not start the payment gets 404`, async () => {
      const res = await ctx.app.inject({ url: fill(route.url, ids), headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404);
      const signed = await ctx.app.inject({
        url: fill(route.url, ids),
        headers: { accept: 'text/html', cookie: `__Host-cassa-payments=${ids.id}~not-the-signature` },
      });
      assert.equal(signed.statusCode, 404, 'a cookie naming the attempt without a valid signature');
    });
  }
});
