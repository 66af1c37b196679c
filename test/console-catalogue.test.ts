// The console's catalogue of services (console/settings/catalogue.http.ts) over app.inject: the list
// and a service's page, a new service by form (euro amounts as people type them), refused forms
// (the form's own problems and the catalogue's rules at their fields, nothing saved), editing (the
// citizen's form fields kept), taking a service off the portal and putting it back, a role that only
// reads, another entity's service the same 404 as a missing one, and the audit records naming the
// operator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { canteenService } from './support/catalogue.ts';
import { summary } from './support/console.ts';
import { pageAs, postForm, rowCount, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';
import { IBAN_A } from './support/positions.ts';

let ctx: TestContext;
let entity: Entity;
let admin: SignedInOperator;
let finance: SignedInOperator;
let base: string;
let canteenId: string;
let theirsId: string;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  const other = await ctx.services.entities.create(ENTITY_B, testActor);
  canteenId = (await ctx.services.catalogue.create(entity, canteenService(), testActor)).id;
  theirsId = (
    await ctx.services.catalogue.create(
      other,
      { ...canteenService(), accounting: { ...canteenService().accounting, iban: ENTITY_B.ibans[0]! } },
      testActor,
    )
  ).id;
  finance = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'ragioneria@comune.example.it',
    roles: ['finance-office'],
  });
  admin = await signedInOperator(ctx, {
    entityId: entity.id,
    email: 'admin@comune.example.it',
    roles: ['administrator'],
  });
  base = `/console/e/${entity.fiscalCode}/catalogo`;
});
after(() => ctx.close());

const db = () => ctx.services.database.db;
const count = (table: 'catalogue_services' | 'audit_log') => rowCount(db(), table);
const get = (who: SignedInOperator, url: string) => pageAs(ctx.app, who, url);
const lastAudit = (action: string, subject: string) =>
  db()
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('subject_id', '=', subject)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();

const certificate = () => ({
  title: 'Certificato anagrafico',
  description: 'Diritti di segreteria per un certificato.',
  amountType: 'fixed',
  amount: '12,50',
  dueInDays: '30',
  iban: IBAN_A,
  category: '9/0101108TS/',
  remittance: 'Certificato anagrafico',
});

describe('the catalogue in the console', () => {
  it('lists the services and shows one; a role that only reads gets no buttons and a 403 on forms', async () => {
    const list = await get(finance, base);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Mensa scolastica - ricarica/);
    assert.match(list.body, /da 5,00\s€ a 200,00\s€/);
    assert.ok(!list.body.includes(`${base}/nuovo`));
    const page = await get(finance, `${base}/${canteenId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Nome e cognome dell’alunno/);
    assert.ok(!page.body.includes('/modifica') && !page.body.includes('/ritira'));
    assert.equal((await get(finance, `${base}/nuovo`)).statusCode, 403);
    assert.equal((await postForm(ctx.app, finance, `${base}/nuovo`, certificate())).statusCode, 403);
  });

  it('refuses a form with problems at their fields, in the form’s order; nothing saved', async () => {
    const [services, records] = [await count('catalogue_services'), await count('audit_log')];
    const res = await postForm(ctx.app, admin, `${base}/nuovo`, {
      ...certificate(),
      title: '',
      amount: 'dodici',
      dueInDays: '400',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(summary(res.body), [
      'Titolo: è obbligatorio (o troppo lungo).',
      'Importo fisso (euro): scrivi un importo in euro, come 12,50.',
      'Giorni alla scadenza: deve essere un numero di giorni da 1 a 365.',
    ]);
    const rules = await postForm(ctx.app, admin, `${base}/nuovo`, {
      ...certificate(),
      title: '',
      amountType: 'range',
      minAmount: '20',
      maxAmount: '10',
      iban: 'IT13L0306909606100000012345',
    });
    assert.equal(rules.statusCode, 400);
    const said = summary(rules.body);
    assert.equal(said[0], 'Titolo: è obbligatorio (o troppo lungo).');
    assert.equal(said[1], 'Importo massimo (euro): deve essere maggiore dell’importo minimo.');
    assert.match(said[2] ?? '', /^IBAN di accredito: /);
    assert.match(rules.body, /id="minAmount" name="minAmount" value="20"/);
    assert.equal(await count('catalogue_services'), services);
    assert.equal(await count('audit_log'), records);
  });

  it('creates a service by form, audited naming the operator', async () => {
    const res = await postForm(ctx.app, admin, `${base}/nuovo`, certificate());
    assert.equal(res.statusCode, 303);
    const id = /\/catalogo\/([0-9a-f-]{36})\?fatto=salvato$/.exec(res.headers.location as string)?.[1];
    assert.ok(id);
    const created = await ctx.services.catalogue.get(entity, id);
    assert.deepEqual(created.amount, { type: 'fixed', cents: 1250 });
    assert.equal(created.dueInDays, 30);
    assert.deepEqual(created.fields, []);
    assert.equal((await lastAudit('service.create', id)).actor, `operator:${admin.operatorId}`);
    const page = await get(admin, res.headers.location as string);
    assert.match(page.body, /Il servizio è stato salvato\./);
    assert.match(page.body, /12,50\s€/);
  });

  it('edits a service: the form shows what it is, the citizen’s fields are kept, the version goes up', async () => {
    const form = await get(admin, `${base}/${canteenId}/modifica`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /id="minAmount"[^>]*value="5,00"/);
    const res = await postForm(ctx.app, admin, `${base}/${canteenId}/modifica`, {
      ...certificate(),
      title: 'Mensa scolastica',
      amountType: 'range',
      minAmount: '5',
      maxAmount: '250,00',
      remittance: 'Mensa {alunno}',
    });
    assert.equal(res.statusCode, 303);
    const saved = await ctx.services.catalogue.get(entity, canteenId);
    assert.equal(saved.title, 'Mensa scolastica');
    assert.equal(saved.version, 2);
    assert.deepEqual(saved.amount, { type: 'range', minCents: 500, maxCents: 25_000 });
    assert.deepEqual(saved.fields, canteenService().fields);
    assert.equal((await lastAudit('service.update', canteenId)).actor, `operator:${admin.operatorId}`);
  });

  it('takes a service off the portal and puts it back, audited', async () => {
    const retired = await postForm(ctx.app, admin, `${base}/${canteenId}/ritira`);
    assert.equal(retired.statusCode, 303);
    assert.ok((await ctx.services.catalogue.get(entity, canteenId)).retiredAt);
    assert.equal(await ctx.services.catalogue.offeredOne(entity, canteenId), undefined);
    assert.match((await get(admin, retired.headers.location as string)).body, /ritirato dal portale/);
    const back = await postForm(ctx.app, admin, `${base}/${canteenId}/rimetti`);
    assert.equal(back.statusCode, 303);
    assert.equal((await ctx.services.catalogue.get(entity, canteenId)).retiredAt, null);
    assert.equal((await lastAudit('service.retire', canteenId)).actor, `operator:${admin.operatorId}`);
    assert.equal((await lastAudit('service.reinstate', canteenId)).actor, `operator:${admin.operatorId}`);
  });

  it('another entity’s service is the same 404 as a missing one; nothing changes', async () => {
    const records = await count('audit_log');
    for (const id of [theirsId, 'not-a-service']) {
      assert.equal((await get(admin, `${base}/${id}`)).statusCode, 404);
      assert.equal((await get(admin, `${base}/${id}/modifica`)).statusCode, 404);
      assert.equal((await postForm(ctx.app, admin, `${base}/${id}/modifica`, certificate())).statusCode, 404);
      assert.equal((await postForm(ctx.app, admin, `${base}/${id}/ritira`)).statusCode, 404);
    }
    assert.equal(await count('audit_log'), records);
  });
});
