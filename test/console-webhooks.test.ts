// The console's webhooks (console/settings/webhooks.http.ts, webhook-deliveries.http.ts) over
// app.inject: a new endpoint by form (the service's rules at their fields, nothing written when
// refused; the signing secret shown once, on a page never stored), the list, an endpoint's deliveries
// (state, attempts, last error; filtered), "retry now" for a failed delivery (refused while one is
// pending, or for a disabled endpoint), disabling, another entity's endpoint the same 404 as a
// missing one, and the audit records naming the operator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { summary } from './support/console.ts';
import { pageAs, postForm, rowCount, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { failedDelivery } from './support/console-samples.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let other: Entity;
let admin: SignedInOperator;
let auditor: SignedInOperator;
let base: string;
let endpointId = '';

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
  base = `/console/e/${entity.fiscalCode}/webhook`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;
const count = (table: 'webhook_endpoints' | 'audit_log') => rowCount(db(), table);
const get = (who: SignedInOperator, url: string) => pageAs(ctx.app, who, url);
const audit = (action: string, subject: string) =>
  db()
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('subject_id', '=', subject)
    .executeTakeFirstOrThrow();

describe('webhooks in the console', () => {
  it('refuses a form breaking the service’s rules: problems at their fields, nothing written', async () => {
    const [endpoints, records] = [await count('webhook_endpoints'), await count('audit_log')];
    const res = await postForm(ctx.app, admin, `${base}/nuovo`, {
      url: 'http://gestionale.example.it/cassa',
      description: 'x'.repeat(201),
      'event_position.nonsense': '1',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      'L’indirizzo deve iniziare con https://.',
      'Scegli almeno un evento.',
      'La descrizione ha al massimo 200 caratteri.',
    ]);
    assert.match(res.body, /href="#url"/);
    assert.match(res.body, /href="#event_installment.paid"/);
    assert.match(res.body, /value="http:\/\/gestionale.example.it\/cassa"/);
    const none = await postForm(ctx.app, admin, `${base}/nuovo?lang=en`, { url: 'https://ok.example.it/' });
    assert.deepEqual(summary(none.body), ['Choose at least one event.']);
    const secretIn = await postForm(ctx.app, admin, `${base}/nuovo`, {
      url: 'https://utente:segreto@ok.example.it/',
      'event_position.paid': '1',
    });
    assert.deepEqual(summary(secretIn.body), ['L’indirizzo non può contenere nome utente o password.']);
    const notUrl = await postForm(ctx.app, admin, `${base}/nuovo`, { url: 'gestionale', 'event_position.paid': '1' });
    assert.deepEqual(summary(notUrl.body), ['Scrivi un indirizzo completo, come https://gestionale.comune.it/cassa.']);
    assert.equal(await count('webhook_endpoints'), endpoints);
    assert.equal(await count('audit_log'), records);
  });

  it('creates an endpoint; its secret is shown once, on a page never stored', async () => {
    const res = await postForm(ctx.app, admin, `${base}/nuovo`, {
      url: 'https://127.0.0.1:9/cassa',
      description: 'Gestionale tributi',
      'event_installment.paid': '1',
      'event_position.paid': '1',
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['cache-control'], 'no-store');
    const secret = /<code id="secret"[^>]*>(whsec_[^<]+)<\/code>/.exec(res.body)?.[1];
    assert.ok(secret, 'the secret on the page');
    const row = await db().selectFrom('webhook_endpoints').selectAll().executeTakeFirstOrThrow();
    endpointId = row.id;
    assert.deepEqual(row.events, ['installment.paid', 'position.paid']);
    assert.equal((await audit('webhook_endpoint.create', row.id)).actor, `operator:${admin.operatorId}`);
    const list = await get(auditor, base);
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('https://127.0.0.1:9/cassa') && list.body.includes('Gestionale tributi'));
    assert.ok(!list.body.includes(secret), 'never shown again');
    assert.ok(!list.body.includes(`${base}/nuovo`), 'an auditor gets no new endpoint button');
    assert.equal((await postForm(ctx.app, auditor, `${base}/nuovo`, { url: 'https://x.example.it/' })).statusCode, 403);
  });

  it('shows the deliveries with their state, attempts and last error, filtered by state', async () => {
    const failed = await failedDelivery(ctx, entity, endpointId);
    const res = await get(admin, `${base}/${endpointId}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /non riuscita/);
    assert.match(res.body, /HTTP 503/);
    assert.ok(res.body.includes(`${base}/${endpointId}/consegne/${failed}/riprova`));
    const list = await get(admin, base);
    assert.ok(
      list.body.includes(`<a href="${base}/${endpointId}?stato=FAILED">1</a>`),
      'the list counts the failed one',
    );
    const delivered = await get(admin, `${base}/${endpointId}?stato=DELIVERED`);
    assert.match(delivered.body, /Nessuna consegna\./);
    const theirs = await get(auditor, `${base}/${endpointId}`);
    assert.ok(!theirs.body.includes('/riprova') && !theirs.body.includes('/disattiva'), 'an auditor only reads');
  });

  it('"retry now" queues a failed delivery again, audited; refused while it is being tried', async () => {
    const failed = await failedDelivery(ctx, entity, endpointId);
    const res = await postForm(ctx.app, admin, `${base}/${endpointId}/consegne/${failed}/riprova`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/${endpointId}?fatto=riprovata`);
    const row = await db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', failed)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'PENDING');
    assert.equal((await audit('webhook_delivery.replay', failed)).actor, `operator:${admin.operatorId}`);
    const again = await postForm(ctx.app, admin, `${base}/${endpointId}/consegne/${failed}/riprova`);
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /ancora in corso/);
  });

  it('another entity’s endpoint or delivery is the same 404 as a missing one; nothing changes', async () => {
    const { endpoint } = await ctx.services.webhooks.create(
      other,
      { url: 'https://127.0.0.1:9/altro', events: ['position.paid'] },
      testActor,
    );
    const theirDelivery = await failedDelivery(ctx, other, endpoint.id);
    const records = await count('audit_log');
    assert.equal((await get(admin, `${base}/${endpoint.id}`)).statusCode, 404);
    assert.equal((await get(admin, `${base}/not-an-id`)).statusCode, 404);
    assert.equal((await postForm(ctx.app, admin, `${base}/${endpoint.id}/disattiva`)).statusCode, 404);
    const retry = `${base}/${endpoint.id}/consegne/${theirDelivery}/riprova`;
    assert.equal((await postForm(ctx.app, admin, retry)).statusCode, 404);
    const mine = await failedDelivery(ctx, entity, endpointId);
    const crossed = `${base}/${endpoint.id}/consegne/${mine}/riprova`;
    assert.equal((await postForm(ctx.app, admin, crossed)).statusCode, 404, 'a delivery under another endpoint');
    assert.equal(await count('audit_log'), records);
  });

  it('disables an endpoint, audited; its deliveries can no longer be retried', async () => {
    const failed = await failedDelivery(ctx, entity, endpointId);
    const res = await postForm(ctx.app, admin, `${base}/${endpointId}/disattiva`);
    assert.equal(res.statusCode, 303);
    const page = await get(admin, res.headers.location as string);
    assert.match(page.body, /L’indirizzo è stato disattivato\./);
    assert.match(page.body, /disattivato il/);
    assert.ok(!page.body.includes('/riprova'));
    assert.equal((await audit('webhook_endpoint.disable', endpointId)).actor, `operator:${admin.operatorId}`);
    const retry = await postForm(ctx.app, admin, `${base}/${endpointId}/consegne/${failed}/riprova`);
    assert.equal(retry.statusCode, 409);
  });
});
