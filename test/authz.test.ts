// Authorization: every route is in the matrix, and each rule holds against the running app. A key of
// entity B asking for entity A's data gets exactly the 404 a request for nonexistent data gets, and
// changes nothing; a key of entity A without the area (or with read only, for a write) gets 403. The portal's rules are in authz-portal.test.ts; the fixture is authz-fixture.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { LOOPBACK_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { AREAS, type Area } from '../src/shared/principal.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import {
  adminKey,
  bodyFor,
  ctx,
  fill,
  ids,
  keyA,
  keyB,
  keyWith,
  revokedA,
  setAdminKey,
  setUpAuthz,
  snapshot,
  tearDownAuthz,
} from './support/authz-fixture.ts';
import { testActor } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

before(setUpAuthz);
after(tearDownAuthz);

describe('route coverage', () => {
  it('lists every route of the app in the matrix, and nothing else', async () => {
    await ctx.app.ready();
    const actual = ctx.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    const listed = AUTHZ_MATRIX.map((r) => `${r.method} ${r.url}`).sort();
    assert.deepEqual(actual, listed);
  });

  it('each route declares the need the matrix lists (needs(…), the console gate.entityRoute(…)); only those routes do', async () => {
    await ctx.app.ready();
    const needOf = (need: { area: string; access: string } | undefined) => (need ? `${need.area}:${need.access}` : '-');
    const declared = ctx.app.routeTable.map((r) => `${r.method} ${r.url} ${needOf(r.need)}`).sort();
    const listed = AUTHZ_MATRIX.map((r) => `${r.method} ${r.url} ${r.need ?? '-'}`).sort();
    assert.deepEqual(declared, listed);
    for (const route of AUTHZ_MATRIX) {
      if (route.access === 'entity-key') assert.ok(route.need, route.url);
      else if (route.access !== 'console') assert.equal(route.need, undefined, route.url);
    }
  });
});

describe('public routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'public')) {
    it(`${route.method} ${route.url} answers without credentials`, async () => {
      const body = bodyFor(route.method, route.url, ids);
      const res = await ctx.app.inject({
        method: route.method as 'GET',
        url: fill(route.url, ids),
        ...(body && {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(body as Record<string, string>).toString(),
        }),
      });
      assert.ok(res.statusCode < 400, `${res.statusCode} ${res.body.slice(0, 200)}`);
    });
  }
});

describe('entity-key routes', () => {
  const protectedRoutes = AUTHZ_MATRIX.filter((r) => r.access === 'entity-key');
  const isMultipart = (url: string) => url.endsWith('/file');

  for (const route of protectedRoutes) {
    const label = `${route.method} ${route.url}`;
    const send = (headers: Record<string, string>, values = ids) => {
      const body = bodyFor(route.method, route.url, values);
      return ctx.app.inject({
        method: route.method as 'GET',
        url: fill(route.url, values),
        headers: {
          ...headers,
          ...(isMultipart(route.url) ? { 'content-type': 'multipart/form-data; boundary=x' } : {}),
        },
        ...(body ? { payload: body } : isMultipart(route.url) ? { payload: '--x--\r\n' } : {}),
      });
    };

    it(`${label}: 401 without a key, with an unknown key and with a revoked key`, async () => {
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer cassa_not_a_real_key' },
        { authorization: `Bearer ${revokedA}` },
        { 'ocp-apim-subscription-key': revokedA },
      ];
      for (const headers of variants) {
        const res = await send(headers);
        assert.equal(res.statusCode, 401, `${JSON.stringify(headers)} → ${res.body}`);
        assert.equal(res.json().code, 'UNAUTHENTICATED');
      }
    });

    it(`${label}: another entity's key gets the same 404 as nonexistent data, and changes nothing`, async () => {
      const before = await snapshot();
      const foreign = await send({ authorization: `Bearer ${keyB}` });
      const nonexistent = await send(
        { authorization: `Bearer ${keyA}` },
        {
          ...ids,
          iupd: 'DOES-NOT-EXIST',
          nav: '302999999999999966',
          fileId: '01234567-89ab-7def-8123-456789abcdef',
          id: '01234567-89ab-7def-8123-456789abcdef',
          receiptId: 'NO-SUCH-RECEIPT',
          deliveryId: '01234567-89ab-7def-8123-456789abcdef',
          serviceId: '01234567-89ab-7def-8123-456789abcdef',
          organizationfiscalcode: [':iupd', ':nav', ':fileId', ':receiptId', ':id', ':deliveryId', ':serviceId'].some(
            (p) => route.url.includes(p),
          )
            ? ids.organizationfiscalcode
            : '00000000000',
        },
      );
      assert.equal(foreign.statusCode, 404, foreign.body);
      assert.equal(nonexistent.statusCode, 404, nonexistent.body);
      assert.deepEqual(foreign.json(), nonexistent.json());
      assert.deepEqual(await snapshot(), before);
    });

    it(`${label}: the admin credential gets 403 (it manages entities, it does not act for one) and changes nothing`, async () => {
      const before = await snapshot();
      const variants: Record<string, string>[] = [
        { authorization: `Bearer ${adminKey}` },
        { 'ocp-apim-subscription-key': adminKey },
      ];
      for (const headers of variants) {
        const res = await send(headers);
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().code, 'FORBIDDEN');
      }
      assert.deepEqual(await snapshot(), before);
    });

    const need = route.need!;
    const [area, access] = need.split(':') as [Area, 'read' | 'write'];

    it(`${label}: a key of the entity without ${need} gets 403 and changes nothing`, async () => {
      const lacking = [await keyWith(AREAS.filter((a) => a !== area).map((a) => `${a}:write`))];
      if (access === 'write') lacking.push(await keyWith([`${area}:read`]));
      const before = await snapshot();
      for (const key of lacking) {
        const variants: Record<string, string>[] = [
          { authorization: `Bearer ${key}` },
          { 'ocp-apim-subscription-key': key },
        ];
        for (const headers of variants) {
          const res = await send(headers);
          assert.equal(res.statusCode, 403, res.body);
          assert.equal(res.json().code, 'FORBIDDEN');
        }
      }
      assert.deepEqual(await snapshot(), before);
    });

    it(`${label}: a key of the entity holding only ${need} is accepted`, async () => {
      let values = ids;
      if (route.method === 'DELETE') {
        const entity = (await ctx.services.entities.byFiscalCode(ids.organizationfiscalcode))!;
        await ctx.services.positions.create(entity, singlePayment('DEL-SCOPED'), { toPublish: false }, testActor);
        values = { ...ids, iupd: 'DEL-SCOPED' };
      }
      const res = await send({ authorization: `Bearer ${await keyWith([need])}` }, values);
      assert.ok(![401, 403, 404].includes(res.statusCode), `${label}: ${res.statusCode} ${res.body}`);
    });

    it(`${label}: the entity's own key is accepted (Bearer and Ocp-Apim-Subscription-Key)`, async () => {
      const headerVariants: Record<string, string>[] = [
        { authorization: `Bearer ${keyA}` },
        { 'ocp-apim-subscription-key': keyA },
      ];
      for (const [n, headers] of headerVariants.entries()) {
        let values = ids;
        if (route.method === 'DELETE') {
          // Deleting needs a position of its own for each attempt.
          const entity = (await ctx.services.entities.byFiscalCode(ids.organizationfiscalcode))!;
          await ctx.services.positions.create(entity, singlePayment(`DEL-${n}`), { toPublish: false }, testActor);
          values = { ...ids, iupd: `DEL-${n}` };
        }
        const res = await send(headers, values);
        assert.ok(res.statusCode !== 401 && res.statusCode !== 404, `${label}: ${res.statusCode} ${res.body}`);
      }
    });
  }
});

describe('admin routes', () => {
  // An entity of the admin API's own, with a key to revoke, so that the other tests' entities stay as they are.
  const values = { fiscalCode: '01000000016', keyId: '' };
  before(async () => {
    await ctx.services.entities.create(
      {
        fiscalCode: values.fiscalCode,
        name: 'Comune di Quarto',
        segregationCode: '04',
        ibans: ['IT13L0306909606100000012345'],
      },
      testActor,
    );
    values.keyId = (await ctx.services.apiKeys.create(values.fiscalCode, 'to revoke', testActor)).id;
  });
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'admin')) {
    const label = `${route.method} ${route.url}`;
    const send = (headers: Record<string, string>) => {
      const body = bodyFor(route.method, route.url, ids);
      return ctx.app.inject({
        method: route.method as 'GET',
        url: fill(route.url, values),
        headers,
        ...(body && { payload: body }),
      });
    };

    it(`${label}: 401 without a credential, with an unknown one and with a revoked API key`, async () => {
      const before = await snapshot();
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer cassa_admin_not_the_real_one' },
        { authorization: `Bearer ${revokedA}` },
      ];
      for (const headers of variants) {
        const res = await send(headers);
        assert.equal(res.statusCode, 401, `${JSON.stringify(headers)} → ${res.body}`);
        assert.equal(res.json().code, 'UNAUTHENTICATED');
      }
      assert.deepEqual(await snapshot(), before);
    });

    it(`${label}: an entity's API key gets 403 and changes nothing`, async () => {
      const before = await snapshot();
      for (const key of [keyA, keyB]) {
        const res = await send({ authorization: `Bearer ${key}` });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().code, 'FORBIDDEN');
      }
      assert.deepEqual(await snapshot(), before);
    });

    it(`${label}: the admin credential is accepted`, async () => {
      const res = await send({ authorization: `Bearer ${adminKey}` });
      assert.ok(res.statusCode < 400, `${res.statusCode} ${res.body}`);
      if (route.url.endsWith('/admin-key/rotate')) setAdminKey(res.json().key);
    });
  }
});

describe('pagoPA station routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'pagopa')) {
    it(`${route.method} ${route.url}: a caller outside the Nodo's allow-list gets 403 and changes nothing`, async () => {
      const app = await buildApp({
        services: ctx.services,
        logLevel: 'silent',
        station: { access: { ...LOOPBACK_STATION_ACCESS, allowedIps: ['192.0.2.0/24'] } },
      });
      try {
        const before = await snapshot();
        const send = (remoteAddress: string) =>
          app.inject({
            method: route.method as 'POST',
            url: fill(route.url, ids),
            remoteAddress,
            headers: { 'content-type': 'text/xml', soapaction: 'paSendRTV2' },
            payload: '<x/>',
          });
        const refused = await send('198.51.100.1');
        assert.equal(refused.statusCode, 403);
        assert.deepEqual(await snapshot(), before);
        // From the Nodo's address the same (malformed) request is read, and answered with a SOAP Fault.
        assert.equal((await send('192.0.2.10')).statusCode, 400);
      } finally {
        await app.close();
      }
    });
  }
});

describe('metrics routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'metrics')) {
    const scrape = (app: typeof ctx.app, remoteAddress: string, headers: Record<string, string> = {}) =>
      app.inject({ method: route.method as 'GET', url: route.url, remoteAddress, headers });

    it(`${route.method} ${route.url}: without METRICS_TOKEN, only loopback callers (not a forwarded address)`, async () => {
      assert.equal((await scrape(ctx.app, '127.0.0.1')).statusCode, 200);
      assert.equal((await scrape(ctx.app, '::1')).statusCode, 200);
      const remote = await scrape(ctx.app, '198.51.100.1', { 'x-forwarded-for': '127.0.0.1' });
      assert.equal(remote.statusCode, 403);
      assert.equal(remote.json().code, 'FORBIDDEN');
      // A proxy on this machine relaying a caller from outside does not open the metrics either.
      const app = await buildApp({ services: ctx.services, logLevel: 'silent', trustProxy: ['127.0.0.1'] });
      try {
        assert.equal((await scrape(app, '127.0.0.1', { 'x-forwarded-for': '203.0.113.7' })).statusCode, 403);
        assert.equal((await scrape(app, '127.0.0.1')).statusCode, 200);
      } finally {
        await app.close();
      }
    });

    it(`${route.method} ${route.url}: with METRICS_TOKEN, its Bearer token from anywhere, nothing else`, async () => {
      const token = 'metrics-token-0123456789abcdef';
      const app = await buildApp({ services: ctx.services, logLevel: 'silent', metricsToken: token });
      try {
        const wrong: Record<string, string>[] = [
          {},
          { authorization: 'Bearer wrong' },
          { authorization: `Bearer ${keyA}` },
        ];
        for (const headers of wrong) {
          const res = await scrape(app, '127.0.0.1', headers);
          assert.equal(res.statusCode, 401, JSON.stringify(headers));
          assert.equal(res.json().code, 'UNAUTHENTICATED');
        }
        const res = await scrape(app, '198.51.100.1', { authorization: `Bearer ${token}` });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /cassa_http_request_duration_seconds/);
      } finally {
        await app.close();
      }
    });
  }
});
