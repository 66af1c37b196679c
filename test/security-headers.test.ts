// The headers every response carries (reliability battery F4), by crawling every GET route of the
// authorization matrix — API, portal pages, downloads, documentation, assets — plus a download sent
// by a form and an API refusal, over plain HTTP and over HTTPS as a trusted proxy reports it
// (X-Forwarded-Proto from an address in TRUST_PROXY): nosniff everywhere; Cache-Control: no-store
// on everything but the public assets; HSTS only over HTTPS, and not when an untrusted client claims it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { ctx, fill, ids, keyA, setUpAuthz, tearDownAuthz } from './support/authz-fixture.ts';
import { testActor } from './support/context.ts';
import { DEBTOR } from './support/positions.ts';

const PROXY = '10.0.0.5';
let app: FastifyInstance;
let session: string;

before(async () => {
  await setUpAuthz();
  app = await buildApp({ services: ctx.services, logLevel: 'silent', trustProxy: [PROXY] });
  ({ token: session } = await ctx.services.sessions.start(
    { fiscalCode: DEMO_CITIZENS[0]!.fiscalCode, method: 'sandbox' },
    testActor,
  ));
});
after(async () => {
  await app?.close();
  await tearDownAuthz();
});

/** What may be kept by a cache: static assets (the favicon too), the API documentation, the WSDL, the list of entities. */
const CACHEABLE = /^\/($|assets\/|favicon\.ico$|docs\/static\/|pagopa\/paForNode$)/;

/** One request of every kind the crawl makes, as options for inject. */
function requests(): InjectOptions[] {
  const gets = AUTHZ_MATRIX.filter((r) => r.method === 'GET').map((route): InjectOptions => {
    const url = fill(route.url, { ...ids, nav: ids.portalNav });
    const headers: Record<string, string> = { accept: 'text/html,application/json' };
    if (route.access === 'entity-key') headers.authorization = `Bearer ${keyA}`;
    if (route.access === 'citizen') headers.cookie = `__Host-cassa-session=${session}`;
    return { method: 'GET', url, headers };
  });
  return [
    ...gets,
    // An API refusal (problem+json) and an unknown path.
    { method: 'GET', url: `/api/v1/organizations/${ids.fiscalCode}/receipts` },
    { method: 'GET', url: '/no/such/page', headers: { accept: 'text/html' } },
    // The notice PDF, sent to a form with the debtor's fiscal code.
    {
      method: 'POST',
      url: `/e/${ids.fiscalCode}/avviso/${ids.portalNav}/pdf`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: '' },
      payload: `debtorFiscalCode=${DEBTOR.fiscalCode}`,
    },
  ];
}

/** The PDF form needs the CSRF token of a page: fetched once per crawl and added to that request. */
async function withToken(
  request: InjectOptions,
  through: (o: InjectOptions) => Promise<{ headers: Record<string, unknown>; body: string }>,
) {
  if (request.method !== 'POST') return request;
  const home = await through({ url: `/e/${ids.fiscalCode}` });
  const cookie = String(home.headers['set-cookie']).split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
  return {
    ...request,
    headers: { ...(request.headers as Record<string, string>), cookie },
    payload: `${request.payload}&_csrf=${encodeURIComponent(token)}`,
  };
}

async function crawl(extra: { remoteAddress: string; headers: Record<string, string> }) {
  const through = (o: InjectOptions) =>
    app.inject({
      ...o,
      remoteAddress: extra.remoteAddress,
      headers: { ...(o.headers as Record<string, string>), ...extra.headers },
    });
  const seen: { url: string; status: number; headers: Record<string, unknown> }[] = [];
  for (const request of requests()) {
    const res = await through(await withToken(request, through));
    seen.push({ url: String(request.url), status: res.statusCode, headers: res.headers });
  }
  return seen;
}

function assertCommonHeaders(seen: Awaited<ReturnType<typeof crawl>>) {
  assert.ok(seen.length > 60, `a representative crawl (${seen.length} responses)`);
  for (const { url, status, headers } of seen) {
    assert.equal(headers['x-content-type-options'], 'nosniff', `${url} (${status}): nosniff`);
    if (!CACHEABLE.test(url)) {
      assert.match(String(headers['cache-control']), /no-store/, `${url} (${status}): no-store`);
    }
  }
  const kinds = new Set(seen.map((s) => String(s.headers['content-type']).split(';')[0]));
  for (const kind of [
    'application/json',
    'application/problem+json',
    'text/html',
    'application/pdf',
    'text/calendar',
  ]) {
    assert.ok(kinds.has(kind), `the crawl saw ${kind}`);
  }
}

describe('security headers', () => {
  it('over plain HTTP: nosniff and no-store, and no HSTS', async () => {
    const seen = await crawl({ remoteAddress: PROXY, headers: {} });
    assertCommonHeaders(seen);
    for (const { url, headers } of seen) assert.equal(headers['strict-transport-security'], undefined, url);
  });

  it('over HTTPS through a trusted proxy: HSTS for a year with subdomains on every response', async () => {
    const seen = await crawl({ remoteAddress: PROXY, headers: { 'x-forwarded-proto': 'https' } });
    assertCommonHeaders(seen);
    for (const { url, headers } of seen) {
      assert.equal(headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', url);
    }
  });

  it('a client that is not a trusted proxy cannot claim HTTPS', async () => {
    const seen = await crawl({ remoteAddress: '203.0.113.9', headers: { 'x-forwarded-proto': 'https' } });
    for (const { url, headers } of seen) assert.equal(headers['strict-transport-security'], undefined, url);
  });
});
