// The request log: exactly one JSON line per request, with its id, route pattern, status, duration
// and entity; never a header's secret, a cookie, a citizen's fiscal code or a notice number. An
// incoming X-Request-Id is kept only when it is a short safe token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest, soapCall } from './support/soap.ts';

const CITIZEN = 'RSSMRA80A01H501U';
let ctx: TestContext;
let app: FastifyInstance;
let entity: Entity;
let key: string;
let lines: string[] = [];

before(async () => {
  ctx = await testContext();
  ({ entity, key } = await entityWithKey(ctx, ENTITY_A));
  app = await buildApp({ services: ctx.services, logLevel: 'info', logStream: { write: (l) => lines.push(l) } });
  // A route that fails as a bug would, to see a 5xx's line.
  app.get('/test/boom', async () => {
    throw new Error('boom');
  });
});
after(async () => {
  await app.close();
  await ctx.close();
});

type Line = Record<string, unknown> & { reqId: string; msg: string; level: number };
const parsed = () => lines.map((l) => JSON.parse(l) as Line);
/** The lines of the one request answered with `id`; asserts there is exactly one. */
function lineOf(id: string): Line {
  const mine = parsed().filter((l) => l.reqId === id);
  assert.equal(mine.length, 1, `lines of ${id}: ${JSON.stringify(mine)}`);
  return mine[0]!;
}
const requestIdOf = (res: { headers: Record<string, unknown> }) => res.headers['x-request-id'] as string;

describe('one log line per request', () => {
  it('an API request: id, method, route pattern, status, duration, entity; no key, cookie or citizen', async () => {
    lines = [];
    await ctx.services.positions.create(entity, singlePayment('LOG-1'), { toPublish: true }, testActor);
    const headers = { authorization: `Bearer ${key}`, cookie: 'cassa_session=secret-cookie-value' };
    const base = `/api/v1/organizations/${entity.fiscalCode}`;
    const ok = await app.inject({
      method: 'GET',
      url: `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/LOG-1`,
      headers,
    });
    assert.equal(ok.statusCode, 200);
    const statement = await app.inject({
      method: 'GET',
      url: `${base}/debtors/${CITIZEN}/statement?debtor=${CITIZEN}`,
      headers,
    });
    const line = lineOf(requestIdOf(ok));
    assert.equal(line.msg, 'request');
    assert.equal(line.level, 30);
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/api/gpd/v3/organizations/:organizationfiscalcode/debtpositions/:iupd');
    assert.equal(line.status, 200);
    assert.equal(typeof line.ms, 'number');
    assert.equal(line.entity, entity.fiscalCode);
    assert.equal(
      lineOf(requestIdOf(statement)).route,
      `/api/v1/organizations/:organizationfiscalcode/debtors/:fiscalcode/statement`,
    );
    const all = lines.join('');
    for (const secret of [key, 'secret-cookie-value', CITIZEN, 'LOG-1', 'authorization', 'cookie']) {
      assert.ok(!all.toLowerCase().includes(secret.toLowerCase()), `${secret} logged: ${all}`);
    }
  });

  it('a refusal: its code in the same line, not its detail; a 5xx at error with the error', async () => {
    lines = [];
    const refused = await app.inject({
      method: 'GET',
      url: `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/${CITIZEN}`,
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(refused.statusCode, 404);
    const line = lineOf(requestIdOf(refused));
    assert.equal(line.code, 'NOT_FOUND');
    assert.equal(line.level, 30);
    const unmatched = await app.inject({ method: 'GET', url: `/no/such/page?cf=${CITIZEN}` });
    assert.equal(lineOf(requestIdOf(unmatched)).route, 'unmatched');
    const boom = await app.inject({ method: 'GET', url: '/test/boom' });
    assert.equal(boom.statusCode, 500);
    const failed = lineOf(requestIdOf(boom));
    assert.equal(failed.level, 50);
    assert.equal(failed.code, 'INTERNAL');
    assert.equal((failed.err as { message: string }).message, 'boom');
    assert.ok(!lines.join('').includes(CITIZEN));
  });

  it('a pagoPA station call: the primitive, outcome and the creditor as entity; no notice number or payer', async () => {
    lines = [];
    const position = await ctx.services.positions.create(
      entity,
      singlePayment('LOG-2', 5_000),
      { toPublish: true },
      testActor,
    );
    const { nav, iuv } = position.options[0]!.installments[0]!;
    const xml = receiptRequest('paSendRTV2', addressOf(entity), {
      receiptId: 'log-r-1',
      nav,
      iuv,
      fiscalCode: entity.fiscalCode,
      amount: '50.00',
    });
    await soapCall(app, 'paSendRTV2', xml);
    assert.equal(lines.length, 1, lines.join(''));
    const line = parsed()[0]!;
    assert.deepEqual(
      { ...(line.pagopa as object), ms: 0 },
      { operation: 'paSendRTV2', idPA: entity.fiscalCode, outcome: 'OK', intake: 'applied', ms: 0 },
    );
    assert.equal(line.entity, entity.fiscalCode);
    for (const secret of [nav, iuv, CITIZEN, 'Mario Rossi']) assert.ok(!lines[0]!.includes(secret), `${secret} logged`);
  });
});

describe('request ids', () => {
  it('keeps a short safe X-Request-Id, replaces anything else, and answers with it (problems too)', async () => {
    lines = [];
    const kept = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'lb-7f3a.42:x_1' } });
    assert.equal(requestIdOf(kept), 'lb-7f3a.42:x_1');
    assert.equal(lineOf('lb-7f3a.42:x_1').route, '/health');
    for (const unsafe of ['a'.repeat(65), 'two words', 'x"}{"admin":true', '']) {
      const res = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': unsafe } });
      assert.equal(res.statusCode, 404);
      assert.match(requestIdOf(res), /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(lineOf(requestIdOf(res)).status, 404);
    }
    assert.ok(!lines.join('').includes('admin'));
  });
});
