// Who, from where, which request (battery H1): an API call's audit record names the API key, the
// client address as Fastify resolves it (the forwarded one only behind a TRUST_PROXY proxy) and the
// request id; a background job's record names the job and no address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { SWEEP_JOB } from '../src/jobs/definitions.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import { ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let behindProxy: FastifyInstance;
let org: string;
let key: string;
before(async () => {
  ctx = await testContext();
  behindProxy = await buildApp({ services: ctx.services, logLevel: 'silent', trustProxy: ['127.0.0.1'] });
  const created = await entityWithKey(ctx, ENTITY_A);
  org = `/api/gpd/v3/organizations/${created.entity.fiscalCode}`;
  key = created.key;
});
after(async () => {
  await behindProxy.close();
  await ctx.close();
});

const auditOf = (action: string, subjectId: string) =>
  ctx.services.database.db
    .selectFrom('audit_log')
    .select(['actor', 'address', 'request_id'])
    .where('action', '=', action)
    .where('subject_id', '=', subjectId)
    .executeTakeFirstOrThrow();

async function createPosition(app: FastifyInstance, iupd: string, body = singlePayment(iupd)) {
  const res = await app.inject({
    method: 'POST',
    url: `${org}/debtpositions?toPublish=true`,
    headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '203.0.113.7' },
    payload: body,
  });
  assert.equal(res.statusCode, 201, res.body);
  const row = await ctx.services.database.db
    .selectFrom('positions')
    .select('id')
    .where('iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  return { id: row.id, requestId: res.headers['x-request-id'] };
}

describe('audit actor', () => {
  it('records the API key, the client address and the request id of an API call', async () => {
    const direct = await createPosition(ctx.app, 'ACT-1');
    const record = await auditOf('position.create', direct.id);
    assert.match(record.actor, /^apikey:[0-9a-f-]{36}$/);
    assert.equal(record.address, '127.0.0.1', 'the forwarded address is not believed from an untrusted peer');
    assert.equal(record.request_id, direct.requestId);

    const proxied = await createPosition(behindProxy, 'ACT-2');
    assert.equal((await auditOf('position.create', proxied.id)).address, '203.0.113.7');
  });

  it('records a background job as job:<name>, with no address or request', async () => {
    const body = singlePayment('ACT-3', 15_000, '2026-06-20');
    body.paymentOption[0]!.switchToExpired = true;
    const { id } = await createPosition(ctx.app, 'ACT-3', body);
    ctx.clock.set('2026-07-15T10:00:00Z');
    await jobHandlers(ctx.services)
      .find((h) => h.name === SWEEP_JOB.name)!
      .handle({});
    const record = await auditOf('position.expire', id);
    assert.deepEqual(record, { actor: 'job:positions.sweep', address: null, request_id: null });
  });
});
