// Authorization: every route is in the matrix, and each rule holds against the running app. A key of
// entity B asking for entity A's data gets exactly the 404 a request for nonexistent data gets, and
// changes nothing.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { insertPrintJob } from '../src/modules/notices/bulk/print-jobs.db.ts';
import { insertAttempt } from '../src/modules/payments/attempts/attempts.db.ts';
import { insertCart } from '../src/modules/payments/sandbox/sandbox.db.ts';
import { OPEN_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { insertOverpayment } from '../src/modules/receipts/intake/overpayments.db.ts';
import { emitEvent } from '../src/modules/webhooks/outbox.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
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
          organizationfiscalcode: [':iupd', ':nav', ':fileId', ':receiptId', ':id', ':deliveryId'].some((p) =>
            route.url.includes(p),
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
  return { positions, paid, imports, receipts, printJobs, overpayments, attempts, webhooks, deliveries };
}
