// The console's entity settings (console/settings/entity-settings.http.ts) over app.inject: the page
// (a form for settings:write, the data read-only for settings:read, what identifies the body at
// pagoPA read-only for everybody), saving changes (audited naming the operator, only what changed),
// refused changes (the entities service's rules at their fields, nothing saved), and another
// entity's settings the same 404 as a missing one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { summary } from './support/console.ts';
import { postForm, type SignedInOperator, signedInOperator } from './support/console-operators.ts';
import { ENTITY_A, ENTITY_B, type TestContext, testActor, testContext } from './support/context.ts';

let ctx: TestContext;
let entity: Entity;
let admin: SignedInOperator;
let auditor: SignedInOperator;
let base: string;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  await ctx.services.entities.create(ENTITY_B, testActor);
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
  base = `/console/e/${entity.fiscalCode}/impostazioni`;
});
after(() => ctx.close());

const get = (who: SignedInOperator, url: string) => ctx.app.inject({ url, headers: { cookie: who.cookie } });
const current = async () => (await ctx.services.entities.byFiscalCode(entity.fiscalCode))!;
const valid = () => ({
  name: 'Comune di Prova',
  sector: 'Ufficio tributi',
  info: 'Aperto dal lunedì al venerdì, 9-12',
  cbill: 'ab12c',
  ibans: `${ENTITY_A.ibans[0]}\nIT 13 L 03069 09606 100000012345`,
  postalAccount: '12345678',
  postalAuthorization: 'AUT. DB/SSIC/E 1234 del 01/01/2020',
  noticeLanguage: 'it-de',
  payableAfterDue: '',
});

describe('the entity’s settings in the console', () => {
  it('an auditor reads the settings, without a form; a change is refused (403)', async () => {
    const res = await get(auditor, base);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(ENTITY_A.ibans[0]!));
    assert.ok(!res.body.includes('name="name"'));
    assert.match(res.body, /Dati fissati dall’installazione/);
    const refused = await postForm(ctx.app, auditor, base, valid());
    assert.equal(refused.statusCode, 403);
    assert.equal((await current()).name, entity.name);
  });

  it('refuses changes breaking the rules: problems at their fields, nothing saved', async () => {
    const res = await postForm(ctx.app, admin, base, {
      ...valid(),
      name: ' ',
      cbill: 'ABCDEFG',
      ibans: 'IT00X0000000000000000000000',
      postalAccount: '',
    });
    assert.equal(res.statusCode, 400);
    const said = summary(res.body);
    assert.deepEqual(said.slice(0, 2), [
      'Nome dell’ente: è obbligatorio, al massimo 140 caratteri.',
      'Codice CBILL: ha 5 lettere o cifre.',
    ]);
    assert.match(said[2] ?? '', /^IBAN di accredito \(1\): /);
    assert.equal(said[3], 'Autorizzazione alla stampa in proprio dei bollettini: richiede il conto corrente postale.');
    assert.match(res.body, /href="#ibans"/);
    assert.match(res.body, /id="cbill" name="cbill" value="ABCDEFG"/);
    const after = await current();
    assert.deepEqual(after, entity);
  });

  it('saves the changes, normalised, audited naming the operator with only what changed', async () => {
    const res = await postForm(ctx.app, admin, base, valid());
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}?fatto=salvate`);
    const saved = await current();
    assert.equal(saved.name, 'Comune di Prova');
    assert.equal(saved.cbill, 'AB12C');
    assert.deepEqual(saved.ibans, [ENTITY_A.ibans[0], 'IT13L0306909606100000012345']);
    assert.equal(saved.noticeLanguage, 'it-de');
    assert.equal(saved.payableAfterDue, false);
    assert.equal(saved.segregationCode, entity.segregationCode);
    const record = await ctx.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'entity.update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(record.actor, `operator:${admin.operatorId}`);
    const after = typeof record.after === 'string' ? JSON.parse(record.after) : record.after;
    assert.ok(!('brokerId' in after) && 'cbill' in after);
    const page = await get(admin, res.headers.location as string);
    assert.match(page.body, /Le impostazioni sono state salvate\./);
    assert.match(page.body, /<option value="it-de" selected>/);
  });

  it('another entity’s settings are the same 404 as a missing body', async () => {
    const other = `/console/e/${ENTITY_B.fiscalCode}/impostazioni`;
    assert.equal((await get(admin, other)).statusCode, 404);
    assert.equal((await postForm(ctx.app, admin, other, valid())).statusCode, 404);
    assert.equal((await ctx.services.entities.byFiscalCode(ENTITY_B.fiscalCode))!.name, ENTITY_B.name);
  });
});
