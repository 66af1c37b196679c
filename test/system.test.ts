// Operational routes, the OpenAPI document, and the demo entity.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_API_KEY, DEMO_FISCAL_CODE, seedDemo } from '../src/modules/demo/demo.ts';
import { AUTHZ_MATRIX } from './authz-matrix.ts';
import { type TestContext, testContext } from './support/context.ts';

let ctx: TestContext;
before(async () => {
  ctx = await testContext();
});
after(() => ctx.close());

describe('health and readiness', () => {
  it('answers /health and /ready with the database kind', async () => {
    assert.deepEqual((await ctx.app.inject({ url: '/health' })).json(), { status: 'ok' });
    const ready = await ctx.app.inject({ url: '/ready' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, ctx.services.database.kind);
  });

  it('echoes a request id and makes one up when none is sent', async () => {
    const given = await ctx.app.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(given.headers['x-request-id'], 'abc-123');
    const made = await ctx.app.inject({ url: '/health' });
    assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});

describe('OpenAPI', () => {
  it('documents every API route with its security, and the Cassa extensions', async () => {
    const doc = (await ctx.app.inject({ url: '/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    for (const route of AUTHZ_MATRIX.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/admin/'))) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      assert.ok(documented.has(`${route.method} ${path}`), `${route.method} ${path} is documented`);
      const op = doc.paths[path][route.method.toLowerCase()];
      assert.ok(op.security?.length > 0, `${route.method} ${path} declares its security`);
    }
    const create = doc.paths['/api/gpd/v3/organizations/{organizationfiscalcode}/debtpositions'].post;
    assert.match(create.description, /nav and iuv may be omitted/);
    assert.ok(doc.components.securitySchemes.ApiKey);
  });

  it('serves the human-readable documentation at /docs', async () => {
    const res = await ctx.app.inject({ url: '/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await ctx.app.inject({ url: '/nope' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'NOT_FOUND');
  });
});

describe('demo', () => {
  it('creates Comune di Demo with about fifty positions in every kind of state, once', async () => {
    const first = await seedDemo(ctx.services);
    assert.equal(first.created, true);
    assert.equal((await seedDemo(ctx.services)).created, false);
    const db = ctx.services.database.db;
    const rows = await db
      .selectFrom('positions')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('entity_id', '=', first.entity.id)
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    assert.ok(total >= 45 && total <= 55, `${total} positions`);
    for (const status of ['VALID', 'PAID', 'PARTIALLY_PAID', 'EXPIRED', 'DRAFT']) assert.ok(byStatus[status], status);
    const plans = await db
      .selectFrom('installments')
      .select('position_id')
      .where('option_index', '=', 1)
      .where('entity_id', '=', first.entity.id)
      .groupBy('position_id')
      .execute();
    assert.ok(plans.length >= 10, 'instalment plans');
    const res = await ctx.app.inject({
      url: `/api/gpd/v3/organizations/${DEMO_FISCAL_CODE}/debtpositions/DEMO-0001`,
      headers: { authorization: `Bearer ${DEMO_API_KEY}` },
    });
    assert.equal(res.statusCode, 200);
  });
});

describe('readiness when the database is gone', () => {
  it('answers /ready with 503 while /health stays 200', async () => {
    const local = await testContext();
    await local.services.database.close();
    assert.equal((await local.app.inject({ url: '/health' })).statusCode, 200);
    const ready = await local.app.inject({ url: '/ready' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().code, 'SERVICE_UNAVAILABLE');
    await local.app.close();
    await local.db.drop().catch(() => {});
  });
});
