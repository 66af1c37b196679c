// The console's API keys (console/settings/keys.http.ts) over app.inject: the list, a new key with
// the grants chosen area by area — shown once, on a page never stored, and then working against the
// API with exactly those grants —, a refused form (problems at their fields, nothing written), a
// stale session sent to prove who it is (form and POST), revoking after a confirmation (the key then
// refused by the API), another entity's key the same 404 as a missing one, and the audit records
// naming the operator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { summary } from './support/console.ts';
import {
  pageAs,
  postForm,
  rowCount,
  type SignedInOperator,
  signedInOperator,
  totpNow,
} from './support/console-operators.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let other: Entity;
let admin: SignedInOperator;
let auditor: SignedInOperator;
let base: string;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  other = await ctx.services.entities.create(ENTITY_B, testActor);
  auditor = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'revisore@comune.example.it',
    roles: ['auditor'],
  });
  admin = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'admin@comune.example.it',
    roles: ['administrator'],
  });
  base = `/console/e/${entity.fiscalCode}/chiavi`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;
const count = (table: 'api_keys' | 'audit_log') => rowCount(db(), table);
const get = (who: SignedInOperator, url: string) => pageAs(ctx.app, who, url);
const api = (key: string, method: 'GET' | 'POST', path: string) =>
  ctx.app.inject({
    method,
    url: `/api/${path.replace('{cf}', entity.fiscalCode)}`,
    headers: { authorization: `Bearer ${key}` },
    ...(method === 'POST' && { payload: {} }),
  });

let createdKey = '';
let createdId = '';

describe('API keys in the console', () => {
  it('an auditor sees the list but not the new key button; the form is refused (403)', async () => {
    await ctx.services.apiKeys.create(entity.fiscalCode, 'gestionale tributi', testActor, ['positions:write']);
    const res = await get(auditor, base);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /gestionale tributi/);
    assert.match(res.body, /Posizioni debitorie: modifica/);
    assert.ok(!res.body.includes(`${base}/nuova`));
    assert.equal((await get(auditor, `${base}/nuova`)).statusCode, 403);
    const before = await count('api_keys');
    const refused = await postForm(ctx.app, auditor, `${base}/nuova`, { name: 'x', grant_positions: 'read' });
    assert.equal(refused.statusCode, 403);
    assert.equal(await count('api_keys'), before);
  });

  it('shows the form with a choice per area (none, view, change)', async () => {
    const res = await get(admin, `${base}/nuova`);
    assert.equal(res.statusCode, 200);
    for (const area of ['positions', 'payments', 'catalogue', 'settings']) {
      assert.ok(res.body.includes(`name="grant_${area}" id="grant_${area}" value=""`), area);
      assert.ok(res.body.includes(`id="grant_${area}_write" value="write"`), area);
    }
  });

  it('refuses a form without a name or grants: problems at their fields, nothing written', async () => {
    const [keys, audit] = [await count('api_keys'), await count('audit_log')];
    const res = await postForm(ctx.app, admin, `${base}/nuova`, { name: '  ', grant_positions: 'admin' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), ['Scrivi il nome.', 'Scegli almeno un’area a cui la chiave può accedere.']);
    assert.match(res.body, /href="#name"/);
    assert.match(res.body, /href="#grant_positions"/);
    const long = await postForm(ctx.app, admin, `${base}/nuova?lang=en`, {
      name: 'x'.repeat(101),
      grant_payments: 'read',
    });
    assert.equal(long.statusCode, 400);
    assert.deepEqual(summary(long.body), ['The name has at most 100 characters.']);
    assert.match(long.body, /id="grant_payments_read" value="read" checked/);
    assert.equal(await count('api_keys'), keys);
    assert.equal(await count('audit_log'), audit);
  });

  it('creates a key with the chosen grants, shown once on a page never stored', async () => {
    const res = await postForm(ctx.app, admin, `${base}/nuova`, {
      name: 'Gestionale mense',
      grant_positions: 'read',
      grant_payments: '',
      grant_catalogue: 'read',
      grant_settings: '',
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['cache-control'], 'no-store');
    createdKey = /<code id="secret"[^>]*>(cassa_[^<]+)<\/code>/.exec(res.body)?.[1] ?? '';
    assert.ok(createdKey, 'the key on the page');
    const row = await db()
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', 'Gestionale mense')
      .executeTakeFirstOrThrow();
    createdId = row.id;
    assert.deepEqual(row.grants, ['positions:read', 'catalogue:read']);
    assert.ok(!JSON.stringify(row).includes(createdKey), 'the key is not stored in clear');
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'api_key.create')
      .where('subject_id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, `operator:${admin.operatorId}`);
    // Never again: the list shows its beginning only.
    const list = await get(admin, base);
    assert.ok(list.body.includes(row.key_prefix));
    assert.ok(!list.body.includes(createdKey));
  });

  it('the key works against the API with exactly the chosen grants', async () => {
    assert.equal((await api(createdKey, 'GET', 'gpd/v3/organizations/{cf}/debtpositions')).statusCode, 200);
    assert.equal((await api(createdKey, 'GET', 'v1/organizations/{cf}/services')).statusCode, 200);
    assert.equal((await api(createdKey, 'POST', 'gpd/v3/organizations/{cf}/debtpositions')).statusCode, 403);
    assert.equal((await api(createdKey, 'POST', 'v1/organizations/{cf}/services')).statusCode, 403);
    assert.equal((await api(createdKey, 'GET', 'v1/organizations/{cf}/receipts')).statusCode, 403);
  });

  it('revokes a key after a confirmation page; the API refuses it from then on', async () => {
    const page = await get(admin, `${base}/${createdId}/revoca`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Revocare la chiave Gestionale mense\?/);
    const res = await postForm(ctx.app, admin, `${base}/${createdId}/revoca`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}?revocata=${createdId}`);
    const list = await get(admin, res.headers.location as string);
    assert.match(list.body, /La chiave Gestionale mense è stata revocata/);
    assert.match(list.body, /revocata il/);
    assert.equal((await api(createdKey, 'GET', 'gpd/v3/organizations/{cf}/debtpositions')).statusCode, 401);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'api_key.revoke')
      .where('subject_id', '=', createdId)
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor, `operator:${admin.operatorId}`);
  });

  it('another entity’s key is the same 404 as a missing one, and stays active', async () => {
    const theirs = await ctx.services.apiKeys.create(other.fiscalCode, 'altrui', testActor);
    assert.equal((await get(admin, `${base}/${theirs.id}/revoca`)).statusCode, 404);
    assert.equal((await postForm(ctx.app, admin, `${base}/${theirs.id}/revoca`)).statusCode, 404);
    assert.equal((await postForm(ctx.app, admin, `${base}/not-a-key/revoca`)).statusCode, 404);
    const [row] = await ctx.services.apiKeys.list(other.fiscalCode);
    assert.equal(row?.revokedAt, null);
    const otherAdmin = await signedInOperator(ctx, {
      entityId: other.id,
      email: 'admin@altrove.example.it',
      roles: ['administrator'],
    });
    assert.equal((await get(otherAdmin, base)).statusCode, 404);
  });

  it('a stale session is sent to prove who it is, from the form and from its POST; nothing created', async () => {
    ctx.clock.advance(6 * 60_000);
    const form = await get(admin, `${base}/nuova`);
    assert.equal(form.statusCode, 303);
    assert.equal(form.headers.location, `/console/conferma?dopo=${encodeURIComponent(`${base}/nuova`)}`);
    const before = await count('api_keys');
    const res = await postForm(ctx.app, admin, `${base}/nuova`, { name: 'tardiva', grant_positions: 'write' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/console/conferma?dopo=${encodeURIComponent(`${base}/nuova`)}`);
    assert.equal(await count('api_keys'), before);
  });

  it('proving who it is on /console/conferma brings the operator back to a form that now creates', async () => {
    const dopo = `${base}/nuova`;
    const proved = await postForm(ctx.app, admin, '/console/conferma', {
      code: await totpNow(ctx, admin.secret),
      dopo,
    });
    assert.equal(proved.statusCode, 303);
    assert.equal(proved.headers.location, dopo);
    assert.equal((await get(admin, dopo)).statusCode, 200);
    const res = await postForm(ctx.app, admin, dopo, { name: 'dopo la conferma', grant_settings: 'write' });
    assert.equal(res.statusCode, 201);
  });
});
