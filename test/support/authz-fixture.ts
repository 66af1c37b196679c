// The fixture of the authorization tests (authz.test.ts, authz-portal.test.ts): two entities with
// keys, a revoked key, and one object of every kind a route can name, so that each rule of
// test/authz-matrix.ts can be tried against the running app; snapshot() is what a refused request
// may not change.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordEvent } from '../../src/modules/events/record.ts';
import { insertPrintJob } from '../../src/modules/notices/bulk/print-jobs.db.ts';
import { insertAttempt } from '../../src/modules/payments/attempts/attempts.db.ts';
import { insertCart } from '../../src/modules/payments/sandbox/sandbox.db.ts';
import { insertOverpayment } from '../../src/modules/receipts/intake/overpayments.db.ts';
import { canteenService } from './catalogue.ts';
import { ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './context.ts';
import { singlePayment } from './positions.ts';

export let ctx: TestContext;
export let keyA: string;
export let keyB: string;
export let revokedA: string;
/** The installation's admin credential (the admin API's tests may rotate it: then they set it again). */
export let adminKey: string;
export const setAdminKey = (secret: string) => {
  adminKey = secret;
};
export const ids = {
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

const scopedKeys = new Map<string, string>();

/** A key of entity A holding exactly `grants` (`area:access`), made once per set. */
export async function keyWith(grants: readonly string[]): Promise<string> {
  const name = [...grants].sort().join(',');
  let key = scopedKeys.get(name);
  if (!key) {
    key = (await ctx.services.apiKeys.create(ids.organizationfiscalcode, name, testActor, grants)).key;
    scopedKeys.set(name, key);
  }
  return key;
}

/** Builds the fixture; the test files call it in before(). */
export async function setUpAuthz(): Promise<void> {
  ctx = await testContext();
  const a = await entityWithKey(ctx, ENTITY_A);
  const b = await entityWithKey(ctx, ENTITY_B);
  keyA = a.key;
  keyB = b.key;
  const revoked = await ctx.services.apiKeys.create(a.entity.fiscalCode, 'old', testActor);
  await ctx.services.apiKeys.revoke(revoked.id, testActor);
  revokedA = revoked.key;
  adminKey = (await ctx.services.admin.createIfNone(testActor))!;
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
    browserTag: null,
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
    .execute((trx) => recordEvent(trx, { entityId: a.entity.id, type: 'installment.paid', at: now, data: {} }));
  // The webhooks consumer queues its delivery.
  await ctx.services.events.drain('webhooks');
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
}

export const tearDownAuthz = () => ctx.close();

// A real file behind each wildcard route.
export const SAMPLES: Record<string, string> = {
  '/assets/bi/*': '/assets/bi/css/bootstrap-italia.min.css',
  '/assets/portal/*': '/assets/portal/portal.css',
  '/assets/web/*': '/assets/web/frame.css',
};
export const fill = (url: string, values: Record<string, string>) =>
  SAMPLES[url] ??
  url.replace(/:(\w+)/g, (_, name: string) => values[name] ?? `missing-${name}`).replace('/*', '/index.html');

export function bodyFor(method: string, url: string, values: typeof ids): object | undefined {
  if (url.endsWith('/close')) return { status: 'REFUNDED' };
  if (url.endsWith('/webhooks') && method === 'POST')
    return { url: 'https://ente.example/hook', events: ['installment.paid'] };
  if (url.endsWith('/checkout') && method === 'POST') {
    const to = 'https://ente.example/back';
    return { noticeNumbers: [values.nav], returnUrls: { ok: to, cancel: to, error: to, waiting: to } };
  }
  if (url.startsWith('/sandbox/') && method === 'POST') return { method: 'cancel' };
  if (url === '/admin/v1/entities' && method === 'POST') return ENTITY_C;
  if (url === '/admin/v1/entities/:fiscalCode' && method === 'PATCH') return { name: 'Comune di Prova (rinominato)' };
  if (url.endsWith('/api-keys') && method === 'POST') return { name: 'authz' };
  if (url.endsWith('/paids/:nav')) return { paymentChannel: 'BANK' };
  if (url.endsWith('/debtpositions') && method === 'POST') return singlePayment('B-NEW');
  if ((url.endsWith('/services') && method === 'POST') || (url.endsWith('/:serviceId') && method === 'PUT'))
    return canteenService();
  if (url.endsWith('/debtpositions/:iupd') && method === 'PUT') return singlePayment(values.iupd);
  return undefined;
}

/** An entity the admin API's tests create (a fiscal code of its own, valid check digit). */
export const ENTITY_C = {
  fiscalCode: '02438750586',
  name: 'Comune di Terzo',
  segregationCode: '03',
  ibans: ['IT13L0306909606100000012345'],
};

export async function snapshot() {
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
    entities: await db.selectFrom('entities').select(['fiscal_code', 'name', 'deactivated_at']).orderBy('id').execute(),
    apiKeys: await db.selectFrom('api_keys').select(['id', 'revoked_at']).orderBy('id').execute(),
    adminCredential: await db.selectFrom('admin_credential').select(['key_prefix', 'rotated_at']).execute(),
  };
}
