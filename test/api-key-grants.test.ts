// API keys with grants (ADR 0031, migration 024): a key made with `grants` may do only those areas at
// its entity — anything else is 403 and changes nothing —, a key made without holds the default set,
// and a grant Cassa does not know is refused with 400, making no key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let adminKey: string;
const ORG = ENTITY_A.fiscalCode;

before(async () => {
  ctx = await testContext();
  await ctx.services.entities.create(ENTITY_A, testActor);
  adminKey = (await ctx.services.admin.createIfNone())!;
});
after(() => ctx.close());

const makeKey = (payload: object) =>
  ctx.app.inject({
    method: 'POST',
    url: `/admin/v1/entities/${ORG}/api-keys`,
    headers: { authorization: `Bearer ${adminKey}` },
    payload,
  });
const positions = (key: string, method: 'GET' | 'POST') =>
  ctx.app.inject({
    method,
    url: `/api/gpd/v3/organizations/${ORG}/debtpositions${method === 'GET' ? '?page=0' : ''}`,
    headers: { authorization: `Bearer ${key}` },
    ...(method === 'POST' && { payload: singlePayment('GRANTS-1') }),
  });
const keyCount = async () => (await ctx.services.apiKeys.list(ORG)).length;

describe('API keys with grants', () => {
  it('a key without grants holds positions, payments, catalogue and settings, read and write', async () => {
    const made = await makeKey({ name: 'gestionale' });
    assert.equal(made.statusCode, 201, made.body);
    assert.deepEqual(made.json().grants, ['positions:write', 'payments:write', 'catalogue:write', 'settings:write']);
    assert.equal((await positions(made.json().key, 'POST')).statusCode, 201);
  });

  it('a read-only key reads positions, is refused 403 on a write and on another area, and changes nothing', async () => {
    const made = await makeKey({ name: 'reporting', grants: ['positions:read', 'positions:read'] });
    assert.equal(made.statusCode, 201, made.body);
    assert.deepEqual(made.json().grants, ['positions:read']);
    const { key, id } = made.json();
    assert.equal((await positions(key, 'GET')).statusCode, 200);
    const before = await ctx.services.database.db.selectFrom('positions').select('iupd').execute();
    const write = await positions(key, 'POST');
    assert.equal(write.statusCode, 403, write.body);
    assert.equal(write.json().code, 'FORBIDDEN');
    const receipts = await ctx.app.inject({
      url: `/api/v1/organizations/${ORG}/receipts`,
      headers: { 'ocp-apim-subscription-key': key },
    });
    assert.equal(receipts.statusCode, 403, receipts.body);
    assert.deepEqual(await ctx.services.database.db.selectFrom('positions').select('iupd').execute(), before);
    const listed = await ctx.app.inject({
      url: `/admin/v1/entities/${ORG}/api-keys`,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    assert.deepEqual(listed.json().apiKeys.find((k: { id: string }) => k.id === id).grants, ['positions:read']);
    const [record] = await ctx.services.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'api_key.create')
      .where('subject_id', '=', id)
      .execute();
    assert.deepEqual(JSON.parse(record!.after!).grants, ['positions:read']);
  });

  it('refuses an unknown area or access with 400, naming it, and makes no key', async () => {
    const before = await keyCount();
    for (const grants of [['positions:admin'], ['treasury:read'], [], ['positions']]) {
      const res = await makeKey({ name: 'bad', grants });
      assert.equal(res.statusCode, 400, `${JSON.stringify(grants)} → ${res.body}`);
      assert.equal(res.json().code, 'VALIDATION_FAILED');
    }
    const unknown = await makeKey({ name: 'bad', grants: ['positions:read', 'treasury:read'] });
    assert.match(unknown.body, /treasury:read/);
    assert.equal(await keyCount(), before);
  });
});
