// The Nodo reads SOAP: every refusal under /pagopa is a SOAP 1.1 Fault with the HTTP status of the
// problem — over the size cap, a content type that is not XML, an empty body, truncated XML, an
// unknown path or query — never problem+json, and a refused receipt changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Entity } from '../src/modules/entities/entity.ts';
import { MAX_SOAP_BYTES, readEnvelope, SOAP_ENV } from '../src/modules/payments/station/soap.ts';
import { ENTITY_A, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, receiptRequest } from './support/soap.ts';

let ctx: TestContext;
let entity: Entity;
let receiptXml: string;
let nav: string;

before(async () => {
  ctx = await testContext();
  entity = await ctx.services.entities.create(ENTITY_A, testActor);
  const position = await ctx.services.positions.create(
    entity,
    singlePayment('REFUSE-1'),
    { toPublish: true },
    testActor,
  );
  const installment = position.options[0]!.installments[0]!;
  nav = installment.nav;
  receiptXml = receiptRequest('paSendRTV2', addressOf(entity), {
    receiptId: 'REFUSED-1',
    nav,
    iuv: installment.iuv,
    fiscalCode: entity.fiscalCode,
    amount: '100.00',
  });
});
after(() => ctx.close());

/** Asserts a SOAP 1.1 Fault with faultcode soapenv:<code>; returns its faultstring. */
function assertFault(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^text\/xml/, res.body);
  const fault = readEnvelope(Buffer.from(res.body));
  assert.equal(fault.ns, SOAP_ENV);
  assert.equal(fault.name, 'Fault');
  const code = fault.children.find((c) => c.name === 'faultcode')?.text;
  assert.equal(code, status >= 500 ? 'soapenv:Server' : 'soapenv:Client');
  return fault.children.find((c) => c.name === 'faultstring')?.text ?? '';
}

const post = (payload: string | Buffer | undefined, headers: Record<string, string>) =>
  ctx.app.inject({
    method: 'POST',
    url: '/pagopa/paForNode',
    headers: { soapaction: '"paSendRTV2"', ...headers },
    ...(payload !== undefined && { payload }),
  });

const receiptsStored = async () =>
  (await ctx.services.database.db.selectFrom('receipts').select('id').where('nav', '=', nav).execute()).length;

describe('every refusal of the station is a SOAP Fault', () => {
  it('a message over the size cap: 413', async () => {
    // A well-formed receipt padded past the cap with whitespace inside the envelope.
    const padded = receiptXml.replace('<soapenv:Body>', `${' '.repeat(MAX_SOAP_BYTES)}<soapenv:Body>`);
    assert.ok(Buffer.byteLength(padded) > MAX_SOAP_BYTES);
    const text = assertFault(await post(padded, { 'content-type': 'text/xml; charset=utf-8' }), 413);
    assert.match(text, /larger than 524288 bytes/);
  });

  for (const [label, contentType, payload] of [
    ['JSON', 'application/json', JSON.stringify({ receipt: 'x' })],
    ['plain text', 'text/plain', receiptXml],
    ['a form', 'application/x-www-form-urlencoded', 'a=1'],
    ['an unknown type', 'application/octet-stream', receiptXml],
  ] as const) {
    it(`a body of ${label}: 415`, async () => {
      const text = assertFault(await post(payload, { 'content-type': contentType }), 415);
      assert.match(text, /SOAP 1\.1 envelope/);
    });
  }

  it('an empty body, or none: 400', async () => {
    assertFault(await post('', { 'content-type': 'text/xml' }), 400);
    assertFault(await post(undefined, {}), 400);
  });

  it('truncated XML: 400', async () => {
    for (const cut of [10, Math.floor(receiptXml.length / 2), receiptXml.length - 5]) {
      assertFault(await post(receiptXml.slice(0, cut), { 'content-type': 'text/xml' }), 400);
    }
  });

  it('an unknown path or method under /pagopa: 404; a bad query of the WSDL: 400', async () => {
    const text = assertFault(
      await ctx.app.inject({ method: 'POST', url: '/pagopa/nodoInviaRPT', headers: { 'content-type': 'text/xml' } }),
      404,
    );
    assert.match(text, /No such interface/);
    assertFault(await ctx.app.inject({ method: 'PUT', url: '/pagopa/paForNode', payload: '' }), 404);
    assertFault(await ctx.app.inject({ method: 'GET', url: '/pagopa/paForNode?xsd=../../etc/passwd' }), 400);
  });

  it('none of these stored a receipt or paid the notice; the same receipt whole is taken', async () => {
    assert.equal(await receiptsStored(), 0);
    assert.equal((await ctx.services.positions.find(entity, 'REFUSE-1'))?.status, 'VALID');
    const taken = await post(receiptXml, { 'content-type': 'text/xml; charset=utf-8' });
    assert.equal(taken.statusCode, 200, taken.body);
    assert.match(taken.body, /<outcome>OK<\/outcome>/);
    assert.equal(await receiptsStored(), 1);
  });
});
