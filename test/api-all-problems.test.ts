// Beyond the GPD bodies (gpd-all-problems.test.ts): the catalogue and webhook bodies are refused
// with every problem at once too — schema problems and business rules in one answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { canteenService } from './support/catalogue.ts';
import { api, ENTITY_A, ENTITY_B, entityWithKey, type TestContext, testContext } from './support/context.ts';
import type { LooseJson } from './support/loose-json.ts';

const ORG = `/api/v1/organizations/${ENTITY_A.fiscalCode}`;

function paths(res: LightMyRequestResponse): string[] {
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json().code, 'VALIDATION_FAILED');
  return (res.json().errors as { path: string }[]).map((e) => e.path).sort();
}

describe('every problem of a catalogue or webhook body at once', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  });
  after(() => ctx.close());

  /** A service definition with six mistakes: two for the schema, four for the rules. */
  function badService() {
    const def = structuredClone(canteenService()) as unknown as Record<string, LooseJson>;
    def.title = ''; // rule: not empty
    def.amount = { type: 'range', minCents: 900, maxCents: 800 }; // rule: min < max
    def.accounting.iban = ENTITY_B.ibans[0]; // rule: not the entity's
    def.accounting.category = 'not a category'; // rule
    def.dueInDays = 'ten'; // schema: type
    def.colour = 'blue'; // schema: unknown field
    return def;
  }

  it('catalogue create and update: schema and rule problems together, nothing written', async () => {
    const expected = ['accounting.category', 'accounting.iban', 'amount', 'colour', 'dueInDays', 'title'];
    const created = await call({ method: 'POST', url: `${ORG}/services`, payload: badService() });
    assert.deepEqual(
      paths(created).map((p) => p.replace(/\..*Cents$/, '')),
      expected,
    );
    const list = await call({ method: 'GET', url: `${ORG}/services` });
    assert.equal(list.json().services.length, 0);
    const good = await call({ method: 'POST', url: `${ORG}/services`, payload: canteenService() });
    assert.equal(good.statusCode, 201, good.body);
    const updated = await call({ method: 'PUT', url: `${ORG}/services/${good.json().id}`, payload: badService() });
    assert.deepEqual(
      paths(updated).map((p) => p.replace(/\..*Cents$/, '')),
      expected,
    );
  });

  it('webhooks: the URL rule together with the schema problems', async () => {
    const res = await call({
      method: 'POST',
      url: `${ORG}/webhooks`,
      payload: {
        url: 'ftp://gestionale.example.it/eventi', // rule: https only
        events: ['installment.paid', 'position.lost'], // schema: enum
        description: 'x'.repeat(201), // schema: maxLength
        secret: 'mine', // schema: unknown field
        active: 'yes', // schema: unknown field
      },
    });
    assert.deepEqual(paths(res), ['active', 'description', 'events[1]', 'secret', 'url']);
  });
});
