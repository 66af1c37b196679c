// Authorization: every route is in the matrix, and each rule holds against the running app. A key of
// entity B asking for entity A's data gets exactly the 404 a request for nonexistent data gets, and
// changes nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { oidcProvider } from '../src/modules/identity/oidc.ts';
import { insertPrintJob } from '../src/modules/notices/bulk/print-jobs.db.ts';
import { insertAttempt } from '../src/modules/payments/attempts/attempts.db.ts';
import { insertCart } from '../src/modules/payments/sandbox/sandbox.db.ts';
import { OPEN_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { insertOverpayment } from '../src/modules/receipts/intake/overpayments.db.ts';
import { emitEvent } from '../src/modules/webhooks/outbox.ts';
import { createServices } from '../src/services.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { canteenService } from './support/catalogue.ts';
import { certificateWorkshop } from './support/certs.ts';
import { ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { authorizeAt, FISCAL_NUMBER, type LocalProvider, localOidcProvider } from './support/oidc-provider.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let keyA: string;
let keyB: string;
let revokedA: string;
const ids = {
  organizationfiscalcode: '',
  iupd: 'A-1',
  nav: '',
  fileId: '',
  receiptId: 'R-AUTHZ',
  token: '',
  id: '01234567-89ab-7def-8123-456789abcd01',
  outcome: 'ok',
  fiscalCode: '',
  format: 'pdf',
  portalNav: '',
  deliveryId: '01234567-89ab-7def-8123-456789abcd02',
  provider: 'spid',
  serviceId: '',
};

before(async () => {
  ctx = await testContext();
  const a = await entityWithKey(ctx, ENTITY_A);
  const b = await entityWithKey(ctx, ENTITY_B);
  keyA = a.key;
  keyB = b.key;
  const revoked = await ctx.services.apiKeys.create(a.entity.fiscalCode, 'old', testActor);
  await ctx.services.apiKeys.revoke(revoked.id, testActor);
  revokedA = revoked.key;
  ids.organizationfiscalcode = a.entity.fiscalCode;
  ids.fiscalCode = a.entity.fiscalCode;
  // A notice no other route test pays, for the portal's forms.
  const forPortal = await ctx.services.positions.create(
    a.entity,
    singlePayment('A-PORTAL'),
    { toPublish: true },
    testActor,
  );
  ids.portalNav = forPortal.options[0]!.installments[0]!.nav;
  const position = await ctx.services.positions.create(a.entity, singlePayment('A-1'), { toPublish: true }, testActor);
  ids.nav = position.options[0]!.installments[0]!.nav;
  const paid = await ctx.services.positions.create(a.entity, singlePayment('A-PAID'), { toPublish: true }, testActor);
  const { receipt } = await ctx.services.receipts.recordPayment(
    a.entity,
    paid.options[0]!.installments[0]!.nav,
    { source: 'paids', channel: 'BANK', receiptId: ids.receiptId },
    testActor,
  );
  ids.token = await ctx.services.receipts.verificationToken(receipt, a.entity, testActor);
  // An over-payment item of entity A with the shared test id (the print job below has the same id).
  await insertOverpayment(ctx.services.database.db, {
    id: ids.id,
    entityId: a.entity.id,
    receiptRef: receipt.id,
    nav: receipt.nav,
    reason: 'ALREADY_PAID',
    amountCents: receipt.amountCents,
    status: 'OPEN',
    note: null,
    createdAt: new Date(),
    closedAt: null,
    closedBy: null,
  });
  const csv = join(tmpdir(), `authz-${process.pid}.csv`);
  writeFileSync(csv, 'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,category\n');
  const imported = await ctx.services.imports.importFile(
    a.entity,
    csv,
    { format: 'csv', mode: 'create', toPublish: false, fileName: 'empty.csv' },
    testActor,
  );
  ids.fileId = imported.importId;
  // A payment attempt of entity A and a sandbox cart, with the shared test id.
  const held = await ctx.services.positions.create(a.entity, singlePayment('A-HELD'), { toPublish: true }, testActor);
  const heldInstallment = held.options[0]!.installments[0]!;
  const now = new Date();
  await insertAttempt(ctx.services.database.db, {
    id: ids.id,
    entityId: a.entity.id,
    status: 'STARTED',
    checkout: 'sandbox',
    notices: [
      {
        nav: heldInstallment.nav,
        installmentId: heldInstallment.id,
        amountCents: heldInstallment.amountCents,
        description: 'TARI',
        companyName: 'Comune di Prova',
        paidAt: null,
      },
    ],
    totalCents: heldInstallment.amountCents,
    returnUrls: {
      ok: 'https://e.example/ok',
      cancel: 'https://e.example/c',
      error: 'https://e.example/e',
      waiting: 'https://e.example/w',
    },
    email: null,
    redirectUrl: `http://localhost:3000/sandbox/checkout/${ids.id}`,
    lastReturn: null,
    note: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 30 * 60_000),
    updatedAt: now,
    requestedBy: testActor.id,
  });
  await insertCart(ctx.services.database.db, {
    id: ids.id,
    status: 'OPEN',
    createdAt: now,
    request: {
      paymentNotices: [
        {
          noticeNumber: heldInstallment.nav,
          fiscalCode: a.entity.fiscalCode,
          amount: heldInstallment.amountCents,
          companyName: 'Comune di Prova',
          description: 'TARI',
        },
      ],
      returnUrls: {
        returnOkUrl: 'https://e.example/ok',
        returnCancelUrl: 'https://e.example/c',
        returnErrorUrl: 'https://e.example/e',
        returnWaitingUrl: 'https://e.example/w',
      },
      idCart: ids.id,
    },
  });
  // A webhook endpoint of entity A (shared test id) with a given-up delivery.
  await ctx.services.database.db
    .insertInto('webhook_endpoints')
    .values({
      id: ids.id,
      entity_id: a.entity.id,
      url: 'https://ente.example/hook',
      secret: 'whsec_x',
      events: ['installment.paid'],
      created_by: testActor.id,
      created_at: now,
    })
    .execute();
  const eventId = await ctx.services.database.db
    .transaction()
    .execute((trx) => emitEvent(trx, { entityId: a.entity.id, type: 'installment.paid', at: now, data: {} }));
  await ctx.services.database.db
    .updateTable('webhook_deliveries')
    .set({ id: ids.deliveryId, status: 'FAILED' })
    .where('event_id', '=', eventId)
    .execute();
  // A catalogue service of entity A, for the spontaneous-payment routes.
  ids.serviceId = (await ctx.services.catalogue.create(a.entity, canteenService(), testActor)).id;
  // A print job of entity A (queued: no job runner in this test), for the print-job routes.
  await insertPrintJob(ctx.services.database.db, {
    id: ids.id,
    entity_id: a.entity.id,
    format: 'pdf',
    language: 'it',
    selection: JSON.stringify({ all: true }),
    status: 'QUEUED',
    actor: testActor.id,
  });
});
after(() => ctx.close());

// A real file behind each wildcard route.
const SAMPLES: Record<string, string> = {
  '/assets/bi/*': '/assets/bi/css/bootstrap-italia.min.css',
  '/assets/portal/*': '/assets/portal/portal.css',
};
const fill = (url: string, values: Record<string, string>) =>
  SAMPLES[url] ??
  url.replace(/:(\w+)/g, (_, name: string) => values[name] ?? `missing-${name}`).replace('/*', '/index.html');

function bodyFor(method: string, url: string, values: typeof ids): object | undefined {
  if (url.endsWith('/close')) return { status: 'REFUNDED' };
  if (url.endsWith('/webhooks') && method === 'POST')
    return { url: 'https://ente.example/hook', events: ['installment.paid'] };
  if (url.endsWith('/checkout') && method === 'POST') {
    const to = 'https://ente.example/back';
    return { noticeNumbers: [values.nav], returnUrls: { ok: to, cancel: to, error: to, waiting: to } };
  }
  if (url.startsWith('/sandbox/') && method === 'POST') return { method: 'cancel' };
  if (url.endsWith('/paids/:nav')) return { paymentChannel: 'BANK' };
  if (url.endsWith('/debtpositions') && method === 'POST') return singlePayment('B-NEW');
  if ((url.endsWith('/services') && method === 'POST') || (url.endsWith('/:serviceId') && method === 'PUT'))
    return canteenService();
  if (url.endsWith('/debtpositions/:iupd') && method === 'PUT') return singlePayment(values.iupd);
  return undefined;
}

describe('route coverage', () => {
  it('lists every route of the app in the matrix, and nothing else', async () => {
    await ctx.app.ready();
    const actual = ctx.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    const listed = AUTHZ_MATRIX.map((r) => `${r.method} ${r.url}`).sort();
    assert.deepEqual(actual, listed);
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

describe('pagoPA station routes', () => {
  for (const route of AUTHZ_MATRIX.filter((r) => r.access === 'pagopa')) {
    it(`${route.method} ${route.url}: a caller outside the Nodo's allow-list gets 403 and changes nothing`, async () => {
      const app = await buildApp({
        services: ctx.services,
        logLevel: 'silent',
        station: { access: { ...OPEN_STATION_ACCESS, allowedIps: ['192.0.2.0/24'] } },
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

async function snapshot() {
  const db = ctx.services.database.db;
  const positions = await db.selectFrom('positions').select(['iupd', 'status', 'version']).orderBy('iupd').execute();
  const paid = await db.selectFrom('installments').select(['nav', 'status']).orderBy('nav').execute();
  const imports = await db.selectFrom('imports').select(['id', 'status']).orderBy('id').execute();
  const receipts = await db.selectFrom('receipts').select(['id', 'nav']).orderBy('id').execute();
  const printJobs = await db.selectFrom('print_jobs').select(['id', 'status']).orderBy('id').execute();
  const attempts = await db.selectFrom('payment_attempts').select(['id', 'status']).orderBy('id').execute();
  const webhooks = await db.selectFrom('webhook_endpoints').select(['id', 'active']).orderBy('id').execute();
  const deliveries = await db.selectFrom('webhook_deliveries').select(['id', 'status']).orderBy('id').execute();
  const overpayments = await db.selectFrom('overpayments').select(['id', 'status']).orderBy('id').execute();
  const sessions = await db.selectFrom('citizen_sessions').select(['id', 'ended_at']).orderBy('id').execute();
  const cart = await db.selectFrom('cart_items').select(['fiscal_code', 'nav']).orderBy('nav').execute();
  return {
    positions,
    paid,
    imports,
    receipts,
    printJobs,
    overpayments,
    attempts,
    webhooks,
    deliveries,
    sessions,
    cart,
    feeds: await db.selectFrom('calendar_feeds').select(['id']).orderBy('id').execute(),
    reminders: await db.selectFrom('reminder_preferences').selectAll().orderBy('fiscal_code').execute(),
    services: await db.selectFrom('catalogue_services').select(['id', 'version', 'retired_at']).orderBy('id').execute(),
    serviceRequests: await db.selectFrom('service_requests').select(['id']).orderBy('id').execute(),
    profiles: await db.selectFrom('citizen_profiles').selectAll().orderBy('fiscal_code').execute(),
    contactCodes: await db
      .selectFrom('contact_codes')
      .select(['fiscal_code', 'channel'])
      .orderBy('fiscal_code')
      .execute(),
    testOutbox: await db.selectFrom('test_outbox').select(['id']).orderBy('id').execute(),
  };
}
