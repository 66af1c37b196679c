// The admin API (/admin/v1, ADR 0029) used as an operator would while Cassa runs: an entity and its
// key made over the API work on the GPD API at once; revoking, deactivating and rotating take effect
// on the next request; refused input changes nothing and names every problem; every change is
// audited with the admin as its actor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXAMPLE_FISCAL_CODE } from '../src/modules/admin/admin.schemas.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';

let ctx: TestContext;
let adminKey: string;
let adminPrefix: string;
const ORG = ENTITY_A.fiscalCode;
const entityBody = {
  fiscalCode: ORG,
  name: ENTITY_A.name,
  sector: ENTITY_A.sector,
  segregationCode: ENTITY_A.segregationCode,
  ibans: ENTITY_A.ibans,
};

before(async () => {
  ctx = await testContext();
  adminKey = (await ctx.services.admin.createIfNone())!;
  adminPrefix = (await ctx.services.admin.info())!.prefix;
});
after(() => ctx.close());

const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, secret = adminKey) =>
  ctx.app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, ...(payload && { payload }) });
const gpd = (key: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
  ctx.app.inject({
    method,
    url: `/api/gpd/v3/organizations/${ORG}/debtpositions${method === 'GET' ? '?page=0' : ''}`,
    headers: { authorization: `Bearer ${key}` },
    ...(payload && { payload }),
  });
const auditOf = (action: string) =>
  ctx.services.database.db
    .selectFrom('audit_log')
    .select(['actor', 'entity_id', 'subject_id', 'before', 'after', 'address', 'request_id'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
const entityRows = () => ctx.services.database.db.selectFrom('entities').selectAll().orderBy('fiscal_code').execute();

describe('entities and keys over the admin API', () => {
  let key: string;
  let keyId: string;

  it('creates an entity and a key for it, which works on the GPD API at once', async () => {
    const created = await admin('POST', '/admin/v1/entities', entityBody);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().stationId, `${ORG}_01`);
    assert.equal(created.json().active, true);
    const made = await admin('POST', `/admin/v1/entities/${ORG}/api-keys`, { name: 'gestionale' });
    assert.equal(made.statusCode, 201, made.body);
    ({ key, id: keyId } = made.json());
    assert.match(key, /^cassa_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.json().createdBy, `admin:${adminPrefix}`);
    const position = await gpd(key, 'POST', singlePayment('ADM-1'));
    assert.equal(position.statusCode, 201, position.body);
    assert.equal((await gpd(key)).statusCode, 200);
    // Listed without its secret.
    const listed = (await admin('GET', `/admin/v1/entities/${ORG}/api-keys`)).json().apiKeys;
    assert.deepEqual(
      listed.map((k: { id: string; key?: string }) => [k.id, k.key]),
      [[keyId, undefined]],
    );
    // Both changes are audited with the admin as actor, with the request's id and address.
    const [entityRecord] = await auditOf('entity.create');
    const [keyRecord] = await auditOf('api_key.create');
    for (const record of [entityRecord!, keyRecord!]) {
      assert.equal(record.actor, `admin:${adminPrefix}`);
      assert.ok(record.request_id && record.address);
    }
    assert.equal(keyRecord!.subject_id, keyId);
  });

  it('refuses a duplicate fiscal code with 409 and changes nothing', async () => {
    const before = await entityRows();
    const again = await admin('POST', '/admin/v1/entities', { ...entityBody, name: 'Altro nome' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ENTITY_EXISTS');
    assert.deepEqual(await entityRows(), before);
    assert.equal((await auditOf('entity.create')).length, 1);
  });

  it('lists every problem of a bad entity at once (shape and meaning), with 400, and creates nothing', async () => {
    const before = await entityRows();
    const res = await admin('POST', '/admin/v1/entities', {
      fiscalCode: '80016350822',
      name: 42,
      segregationCode: '2',
      ibans: ['IT60X0542811101000000123457', 7],
      cbill: 'toolong',
      colour: 'blue',
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'VALIDATION_FAILED');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    for (const path of ['fiscalCode', 'name', 'segregationCode', 'ibans[0]', 'ibans[1]', 'cbill', 'colour']) {
      assert.ok(paths.includes(path), `${path} in ${JSON.stringify(res.json().errors)}`);
    }
    assert.deepEqual(await entityRows(), before);
  });

  it('updates some fields (null clears one), audits only what changed, and refuses what may not change', async () => {
    const res = await admin('PATCH', `/admin/v1/entities/${ORG}`, { name: 'Comune di Prova Nuova', sector: null });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().name, 'Comune di Prova Nuova');
    assert.equal(res.json().sector, null);
    assert.equal(res.json().segregationCode, ENTITY_A.segregationCode);
    const [record] = await auditOf('entity.update');
    assert.equal(record!.actor, `admin:${adminPrefix}`);
    assert.deepEqual(JSON.parse(record!.before!), { name: ENTITY_A.name, sector: ENTITY_A.sector });
    assert.deepEqual(JSON.parse(record!.after!), { name: 'Comune di Prova Nuova', sector: null });
    // The same again changes nothing and records nothing.
    await admin('PATCH', `/admin/v1/entities/${ORG}`, { name: 'Comune di Prova Nuova' });
    assert.equal((await auditOf('entity.update')).length, 1);
    const before = await entityRows();
    const bad = await admin('PATCH', `/admin/v1/entities/${ORG}`, { ibans: [], segregationCode: '05', info: 3 });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
      ['ibans', 'info', 'segregationCode'],
    );
    assert.deepEqual(await entityRows(), before);
    assert.equal((await admin('PATCH', '/admin/v1/entities/01199250158', { name: 'x' })).statusCode, 404);
  });

  it('deactivating an entity stops its keys and the making of new ones; reactivating restores them', async () => {
    const off = await admin('POST', `/admin/v1/entities/${ORG}/deactivate`);
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().active, false);
    assert.equal((await gpd(key)).statusCode, 401);
    const refused = await admin('POST', `/admin/v1/entities/${ORG}/api-keys`, { name: 'x' });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'ENTITY_INACTIVE');
    assert.equal((await admin('POST', `/admin/v1/entities/${ORG}/reactivate`)).json().active, true);
    assert.equal((await gpd(key)).statusCode, 200);
    const actions = [...(await auditOf('entity.deactivate')), ...(await auditOf('entity.reactivate'))];
    assert.deepEqual(
      actions.map((r) => r.actor),
      [`admin:${adminPrefix}`, `admin:${adminPrefix}`],
    );
  });

  it('revoking a key makes it 401 on the next request; a key of another entity is 404 there', async () => {
    const other = await ctx.services.entities.create(ENTITY_B, testActor);
    const otherKey = await ctx.services.apiKeys.create(other.fiscalCode, 'b', testActor);
    const foreign = await admin('POST', `/admin/v1/entities/${ORG}/api-keys/${otherKey.id}/revoke`);
    assert.equal(foreign.statusCode, 404);
    const revoked = await admin('POST', `/admin/v1/entities/${ORG}/api-keys/${keyId}/revoke`);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.ok(revoked.json().revokedAt);
    const refused = await gpd(key);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().code, 'UNAUTHENTICATED');
    const [record] = await auditOf('api_key.revoke');
    assert.equal(record!.actor, `admin:${adminPrefix}`);
    assert.equal(record!.subject_id, keyId);
  });

  it('the admin credential gets 403 on the entity APIs, and an entity key 403 on the admin API', async () => {
    const asAdmin = await gpd(adminKey);
    assert.equal(asAdmin.statusCode, 403);
    assert.equal(asAdmin.json().code, 'FORBIDDEN');
    // A key made without a body (the name is optional).
    const made = await admin('POST', `/admin/v1/entities/${ORG}/api-keys`);
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.json().name, 'back office');
    const entityKey = made.json().key;
    assert.equal((await admin('GET', '/admin/v1/entities', undefined, entityKey)).statusCode, 403);
  });

  it('rotating over the API refuses the old secret from the next request on', async () => {
    const old = adminKey;
    const rotated = await admin('POST', '/admin/v1/admin-key/rotate');
    assert.equal(rotated.statusCode, 200, rotated.body);
    adminKey = rotated.json().key;
    assert.notEqual(adminKey, old);
    assert.match(adminKey, /^cassa_admin_[A-Za-z0-9_-]{43}$/);
    const refused = await admin('GET', '/admin/v1/entities', undefined, old);
    assert.equal(refused.statusCode, 401);
    assert.equal((await admin('GET', '/admin/v1/entities')).statusCode, 200);
    const [record] = await auditOf('admin_credential.rotate');
    assert.equal(record!.actor, `admin:${adminPrefix}`);
    assert.equal(record!.entity_id, null);
    assert.deepEqual(JSON.parse(record!.after!), { prefix: rotated.json().prefix });
    assert.ok(!JSON.stringify(record).includes(adminKey.slice(20)), 'the secret is not in the audit record');
  });

  it('documents the admin routes in /openapi.json, with examples', async () => {
    const doc = (await ctx.app.inject({ url: '/openapi.json' })).json();
    const create = doc.paths['/admin/v1/entities'].post;
    assert.deepEqual(create.security, [{ Bearer: [] }]);
    assert.equal(create.requestBody.content['application/json'].example.fiscalCode, EXAMPLE_FISCAL_CODE);
    assert.equal(create.responses['201'].content['application/json'].example.active, true);
    const newKey = doc.paths['/admin/v1/entities/{fiscalCode}/api-keys'].post.responses['201'];
    assert.match(newKey.content['application/json'].schema.properties.key.description, /in this response only/);
    assert.ok(doc.paths['/admin/v1/admin-key/rotate'].post.description.includes('refused'));
  });
});
