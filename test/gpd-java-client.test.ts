// What a Java back office written for GPD sends and expects: Jackson writes unset fields as null,
// and a client that reads a position and sends it back must not lose anything it wrote.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { positionRequestSchema } from '../src/modules/positions/gpd-v3.schemas.ts';
import { api, ENTITY_A, entityWithKey, type TestContext, testContext } from './support/context.ts';
import type { LooseJson } from './support/loose-json.ts';
import { singlePayment } from './support/positions.ts';

const URL = `/api/gpd/v3/organizations/${ENTITY_A.fiscalCode}`;

interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
}

/** `value` as Jackson writes it: every property the schema knows and the value lacks, as null. */
function jacksonStyle(value: unknown, schema: Schema): unknown {
  if (Array.isArray(value)) return value.map((item) => jacksonStyle(item, schema.items ?? {}));
  if (value === null || typeof value !== 'object' || !schema.properties) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(schema.properties).map(([key, sub]) => [key, key in record ? jacksonStyle(record[key], sub) : null]),
  );
}

describe('GPD v3 API and Java clients', () => {
  let ctx: TestContext;
  let call: ReturnType<typeof api>;

  before(async () => {
    ctx = await testContext();
    call = api(ctx, (await entityWithKey(ctx, ENTITY_A)).key);
  });
  after(() => ctx.close());

  it('null in every optional field is read as absent (create and update)', async () => {
    const body = jacksonStyle(singlePayment('JAVA-1'), positionRequestSchema as Schema) as Record<string, LooseJson>;
    const nulls = JSON.stringify(body).match(/:null/g)?.length ?? 0;
    assert.ok(nulls > 30, `the body carries many nulls (${nulls})`);
    const created = await call({ method: 'POST', url: `${URL}/debtpositions`, payload: body });
    assert.equal(created.statusCode, 201, created.body);
    const position = created.json();
    assert.equal(position.officeName, undefined);
    assert.equal(position.payStandIn, true, 'a null payStandIn takes GPD’s default');
    assert.deepEqual(position.paymentOption[0].debtor, singlePayment('JAVA-1').paymentOption[0]!.debtor);
    const updated = await call({ method: 'PUT', url: `${URL}/debtpositions/JAVA-1`, payload: body });
    assert.equal(updated.statusCode, 200, updated.body);
  });

  it('null in a required field is refused as missing, with the other problems', async () => {
    const body = jacksonStyle(singlePayment('JAVA-2'), positionRequestSchema as Schema) as Record<string, LooseJson>;
    body.companyName = null;
    body.paymentOption[0].installments[0].amount = null;
    body.paymentOption[0].installments[0].transfer = [null];
    const res = await call({ method: 'POST', url: `${URL}/debtpositions`, payload: body });
    assert.equal(res.statusCode, 400, res.body);
    const errors = res.json().errors as { path: string; message: string }[];
    assert.deepEqual(errors.map((e) => `${e.path} ${e.message}`).sort(), [
      'companyName is required',
      'paymentOption[0].installments[0].amount is required',
      'paymentOption[0].installments[0].transfer[0] must be object',
    ]);
  });

  it('GET → PUT keeps the payment option description (answered as a Cassa extension)', async () => {
    const body = structuredClone(singlePayment('JAVA-3')) as Record<string, LooseJson>;
    body.paymentOption[0].description = 'Rata unica TARI 2026';
    const created = await call({ method: 'POST', url: `${URL}/debtpositions`, payload: body });
    assert.equal(created.statusCode, 201, created.body);
    const read = (await call({ method: 'GET', url: `${URL}/debtpositions/JAVA-3` })).json();
    assert.equal(read.paymentOption[0].description, 'Rata unica TARI 2026');
    read.paymentOption[0].installments[0].amount = 16_000;
    read.paymentOption[0].installments[0].transfer[0].amount = 16_000;
    const put = await call({ method: 'PUT', url: `${URL}/debtpositions/JAVA-3`, payload: read });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().paymentOption[0].description, 'Rata unica TARI 2026');
  });

  it('paids: null fields are absent (channel OTHER, now as the payment date)', async () => {
    const created = await call({
      method: 'POST',
      url: `${URL}/debtpositions?toPublish=true`,
      payload: singlePayment('JAVA-4'),
    });
    const nav = created.json().paymentOption[0].installments[0].nav;
    const res = await call({
      method: 'POST',
      url: `${URL}/paymentoptions/paids/${nav}`,
      payload: { paymentDate: null, paymentChannel: null, paymentMethod: null, pspCompany: null, idReceipt: null },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().paymentChannel, 'OTHER');
    assert.equal(res.json().paymentDate, ctx.clock.now().toISOString());
  });
});
