// A body with several mistakes is refused with all of them at once — schema problems and business
// rules together — for every body of the GPD API: create, update, paids and the JSON bulk import.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import type { LooseJson } from './support/loose-json.ts';
import { singlePayment } from './support/positions.ts';

const URL = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}`;
const INST = 'paymentOption[0].installments[0]';

/** A create body with six mistakes: three the JSON schema finds, three only the business rules do. */
function sixMistakes(iupd: string) {
  const body = structuredClone(singlePayment(iupd)) as unknown as Record<string, LooseJson>;
  body.companyName = 42; // schema: type
  body.unknownField = 'x'; // schema: additionalProperties
  body.paymentOption[0].installments[0].amount = 0; // schema: minimum
  body.paymentOption[0].debtor.fiscalCode = 'NOTACODE'; // rule: not a fiscal code
  body.paymentOption[0].debtor.email = 'not-an-email'; // rule
  body.paymentOption[0].installments[0].transfer[0].iban = ENTITY_B.ibans[0]; // rule: not the entity's IBAN
  return body;
}
const SIX_PATHS = [
  'companyName',
  'unknownField',
  `${INST}.amount`,
  'paymentOption[0].debtor.fiscalCode',
  'paymentOption[0].debtor.email',
  `${INST}.transfer[0].iban`,
].sort();

describe('every problem of a body at once', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;
  let entity: Entity;
  let dir: string;

  before(async () => {
    ctx = await testContext();
    const created = await entityWithKey(ctx, ENTITY_A);
    entity = created.entity;
    call = api(ctx, created.key);
    dir = await mkdtemp(join(tmpdir(), 'cassa-all-problems-'));
  });
  after(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  const paths = (res: { statusCode: number; body: string; json(): LooseJson }) => {
    assert.equal(res.statusCode, 400, res.body);
    const problem = res.json();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.match(problem.detail, /and \d+ more/, 'the detail says there is more than one problem');
    return (problem.errors as { path: string }[]).map((e) => e.path).sort();
  };

  it('create: schema and rule problems together, nothing written', async () => {
    const res = await call({ method: 'POST', url: `${URL}/debtpositions`, payload: sixMistakes('AP-1') });
    assert.deepEqual(paths(res), SIX_PATHS);
    assert.equal((await call({ method: 'GET', url: `${URL}/debtpositions/AP-1` })).statusCode, 404);
  });

  it('create: a body that passes the schema gets every rule problem', async () => {
    const body = structuredClone(singlePayment('AP-2')) as unknown as Record<string, LooseJson>;
    body.paymentOption[0].debtor.fiscalCode = 'NOTACODE';
    body.paymentOption[0].debtor.email = 'nope';
    body.paymentOption[0].installments[0].transfer[0].iban = ENTITY_B.ibans[0];
    body.paymentOption[0].installments[0].transfer[0].category = 'not a category';
    body.paymentOption[0].installments[0].dueDate = '2020-01-01';
    const res = await call({ method: 'POST', url: `${URL}/debtpositions`, payload: body });
    assert.deepEqual(
      paths(res),
      [
        'paymentOption[0].debtor.fiscalCode',
        'paymentOption[0].debtor.email',
        `${INST}.transfer[0].iban`,
        `${INST}.transfer[0].category`,
        `${INST}.dueDate`,
      ].sort(),
    );
  });

  it('update: the same six and an iupd that differs from the path, nothing changed', async () => {
    const created = await call({ method: 'POST', url: `${URL}/debtpositions`, payload: singlePayment('AP-3') });
    assert.equal(created.statusCode, 201, created.body);
    const body = sixMistakes('AP-OTHER');
    const res = await call({ method: 'PUT', url: `${URL}/debtpositions/AP-3`, payload: body });
    assert.deepEqual(paths(res), [...SIX_PATHS, 'iupd'].sort());
    const after = await call({ method: 'GET', url: `${URL}/debtpositions/AP-3` });
    assert.equal(after.json().lastUpdatedDate, created.json().lastUpdatedDate);
  });

  it('paids: schema and rule problems together, the notice stays unpaid', async () => {
    const created = await call({
      method: 'POST',
      url: `${URL}/debtpositions?toPublish=true`,
      payload: singlePayment('AP-4'),
    });
    const nav = created.json().paymentOption[0].installments[0].nav;
    const res = await call({
      method: 'POST',
      url: `${URL}/paymentoptions/paids/${nav}`,
      payload: {
        paymentDate: '2030-01-01T10:00:00', // rule: in the future
        idReceipt: '   ', // rule: blank
        paymentChannel: 'PIGEON', // schema: enum
        pspCompany: 7, // schema: type
        tip: 1, // schema: unknown field
      },
    });
    assert.deepEqual(paths(res), ['idReceipt', 'paymentChannel', 'paymentDate', 'pspCompany', 'tip']);
    const after = await call({ method: 'GET', url: `${URL}/debtpositions/AP-4` });
    assert.equal(after.json().paymentOption[0].installments[0].status, 'UNPAID');
  });

  it('JSON import: a row that fails its schema is also judged by the rules', async () => {
    const path = join(dir, 'rows.json');
    await writeFile(path, JSON.stringify([sixMistakes('AP-5')]));
    const request = { format: 'json', mode: 'create', toPublish: false, fileName: 'rows.json' } as const;
    const { result } = await ctx.services.imports.importFile(entity, path, request, testActor);
    assert.equal(result.ok, false);
    assert.deepEqual(result.errors.map((e) => e.field).sort(), SIX_PATHS);
  });
});
