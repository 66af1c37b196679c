// Every request body in /openapi.json has an example, and every example is accepted as it stands:
// posted to a fresh entity it succeeds, or is refused only for a business rule named here (with
// the reason a fresh entity meets it). /docs "Try it out" sends these examples.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import { EXAMPLE_FISCAL_CODE } from '../src/modules/admin/admin.schemas.ts';
import { createServices } from '../src/services.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';

interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> };
}

const ORG = ENTITY_A.fiscalCode;
/** The entity the admin API's create example makes. */
const EXAMPLE_ENTITY = EXAMPLE_FISCAL_CODE;

/**
 * How to send each operation's example, in this order (later ones use what earlier ones made), and
 * the refusals allowed: status and problem code, each with why a fresh entity meets it.
 */
const PLAN: {
  key: string;
  url: (made: Record<string, string>) => string;
  /** The admin API's operations are sent with the admin credential, the others with the entity's key. */
  admin?: true;
  refusals?: { status: number; code?: string; why: string }[];
}[] = [
  { key: 'createPosition', url: () => `/api/gpd/v3/organizations/${ORG}/debtpositions` },
  {
    key: 'updatePosition',
    url: () => `/api/gpd/v3/organizations/${ORG}/debtpositions/TARI-2030-000123?toPublish=true`,
  },
  {
    key: 'createNoticePrintJob',
    url: () => `/api/v1/organizations/${ORG}/notices/print-jobs`,
  },
  {
    key: 'setPaymentOptionAsAlreadyPaid',
    url: (made) => `/api/gpd/v3/organizations/${ORG}/paymentoptions/paids/${made.nav}`,
  },
  { key: 'createService', url: () => `/api/v1/organizations/${ORG}/services` },
  { key: 'updateService', url: (made) => `/api/v1/organizations/${ORG}/services/${made.serviceId}` },
  {
    key: 'closeOverpayment',
    url: () => `/api/v1/organizations/${ORG}/overpayments/0190f3a2-7b1c-7d00-8000-000000000001/close`,
    refusals: [{ status: 404, code: 'NOT_FOUND', why: 'a fresh entity has no over-payment item to close' }],
  },
  {
    key: 'startCheckout',
    url: () => `/api/v1/organizations/${ORG}/checkout`,
    refusals: [{ status: 422, code: 'NOT_PAYABLE', why: 'the example notice number is not one of the entity' }],
  },
  { key: 'createWebhook', url: () => `/api/v1/organizations/${ORG}/webhooks` },
  { key: 'adminCreateEntity', url: () => '/admin/v1/entities', admin: true },
  { key: 'adminUpdateEntity', url: () => `/admin/v1/entities/${EXAMPLE_ENTITY}`, admin: true },
  { key: 'adminCreateApiKey', url: () => `/admin/v1/entities/${EXAMPLE_ENTITY}/api-keys`, admin: true },
  {
    key: 'POST /sandbox/checkout/{id}',
    url: () => '/sandbox/checkout/0190f3a2-7b1c-7d00-8000-000000000002',
    refusals: [{ status: 404, why: 'no sandbox cart has this id (the page says so)' }],
  },
];

describe('/openapi.json request examples', () => {
  let ctx: TestContext;
  let jobs: Jobs;
  let app: FastifyInstance;
  let call: (options: InjectOptions, admin?: boolean) => Promise<LightMyRequestResponse>;
  const operations = new Map<string, { method: string; path: string; op: Operation }>();

  before(async () => {
    ctx = await testContext();
    // Print jobs need a queue; nothing works it here (accepting the job is what is tested).
    jobs = await startJobs(ctx.db.database, { work: false });
    const services = createServices(ctx.db.database, { clock: ctx.clock, jobs });
    await jobs.register(jobHandlers(services));
    app = await buildApp({ services, logLevel: 'silent' });
    await services.entities.create(ENTITY_A, testActor);
    const { key } = await services.apiKeys.create(ENTITY_A.fiscalCode, 'test', testActor);
    const adminKey = (await services.admin.createIfNone())!;
    call = (options, admin) =>
      app.inject({ ...options, headers: { authorization: `Bearer ${admin ? adminKey : key}`, ...options.headers } });
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const [path, methods] of Object.entries<Record<string, Operation>>(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.requestBody) operations.set(op.operationId ?? `${method.toUpperCase()} ${path}`, { method, path, op });
      }
    }
  });
  after(async () => {
    await app.close();
    await jobs.stop();
    await ctx.close();
  });

  const examplesOf = (op: Operation) =>
    Object.entries(op.requestBody!.content).flatMap(([type, media]) => {
      const values =
        media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((e) => e.value);
      return values.map((value) => ({ type, value }));
    });

  it('every request body has an example, and the plan below sends each of them', () => {
    assert.ok(operations.size >= 10, `found ${operations.size} operations with a body`);
    for (const [key, { op }] of operations) assert.ok(examplesOf(op).length > 0, `${key} has no example`);
    assert.deepEqual([...operations.keys()].sort(), PLAN.map((p) => p.key).sort());
  });

  it('every example is accepted, or refused only for its documented reason', async () => {
    const made: Record<string, string> = {};
    for (const step of PLAN) {
      const { method, op } = operations.get(step.key)!;
      for (const { type, value } of examplesOf(op)) {
        const form = type === 'application/x-www-form-urlencoded';
        const res = await call(
          {
            method: method.toUpperCase() as 'POST',
            url: step.url(made),
            payload: form ? new URLSearchParams(value as Record<string, string>).toString() : (value as object),
            headers: { 'content-type': type },
          },
          step.admin,
        );
        const where = `${step.key}: ${res.statusCode} ${res.body.slice(0, 400)}`;
        if (res.statusCode < 300) {
          const answer = res.json();
          if (step.key === 'updatePosition') made.nav = answer.paymentOption[0].installments[0].nav;
          if (step.key === 'createService') made.serviceId = answer.id;
          continue;
        }
        const code = res.headers['content-type']?.toString().includes('json') ? res.json().code : undefined;
        const allowed = (step.refusals ?? []).find((r) => r.status === res.statusCode && r.code === code);
        assert.ok(allowed, where);
      }
    }
    assert.ok(made.nav && made.serviceId, 'the steps that others depend on succeeded');
  });
});
