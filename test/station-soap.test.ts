// The pagoPA station as a SOAP endpoint: dispatch on SOAPAction, syntax faults, hostile XML refused
// quickly and without growing memory, who may call it, the WSDL it serves — and its responses
// checked by libxml2 (xmllint) too, not only by Cassa's own validator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { LOOPBACK_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { xmllintVerdicts } from '../src/shared/xml/xmllint.testkit.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { activationRequest, addressOf, readAnswer, receiptRequest, soapCall, verifyRequest } from './support/soap.ts';

const XSD = fileURLToPath(new URL('../specs/pagopa/pagopa-api_SANP3.13.0/wsdl/xsd/paForNode.xsd', import.meta.url));

let ctx: TestContext;
let entity: Entity;
let nav: string;
let iuv: string;

before(async () => {
  ctx = await testContext('2026-06-15T10:00:00Z');
  ({ entity } = await entityWithKey(ctx, ENTITY_A));
  const position = await ctx.services.positions.create(
    entity,
    singlePayment('S-1', 15_000),
    { toPublish: true },
    testActor,
  );
  ({ nav, iuv } = position.options[0]!.installments[0]!);
});
after(() => ctx.close());

const post = (payload: string | Buffer, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/pagopa/paForNode',
    headers: { 'content-type': 'text/xml', soapaction: 'paVerifyPaymentNotice', ...headers },
    payload,
  });

describe('dispatch and syntax', () => {
  it('dispatches on SOAPAction with or without quotes, and on the payload when the header is missing', async () => {
    const xml = verifyRequest(addressOf(entity), nav);
    for (const action of [
      'paVerifyPaymentNotice',
      '"paVerifyPaymentNotice"',
      'http://x/paForNode/paVerifyPaymentNotice',
    ]) {
      const res = await post(xml, { soapaction: action });
      assert.equal(readAnswer('paVerifyPaymentNotice', res.statusCode, res.body).outcome, 'OK', action);
    }
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/pagopa/paForNode',
      headers: { 'content-type': 'text/xml' },
      payload: xml,
    });
    assert.equal(readAnswer('paVerifyPaymentNotice', res.statusCode, res.body).outcome, 'OK');
  });

  it('a request that does not validate gets outcome KO with PAA_SINTASSI_EXTRAXSD, naming the problem', async () => {
    const missing = verifyRequest(addressOf(entity), nav).replace(/<idStation>[^<]*<\/idStation>/, '');
    const answer = await soapCall(ctx.app, 'paVerifyPaymentNotice', missing);
    assert.equal(answer.faultCode, 'PAA_SINTASSI_EXTRAXSD');
    assert.match(answer.description!, /idStation|qrCode/);
    const badNav = await soapCall(ctx.app, 'paVerifyPaymentNotice', verifyRequest(addressOf(entity), '12345'));
    assert.equal(badNav.faultCode, 'PAA_SINTASSI_EXTRAXSD');
    const badAmount = await soapCall(
      ctx.app,
      'paGetPaymentV2',
      activationRequest('paGetPaymentV2', addressOf(entity), nav, { amount: '12.5' }),
    );
    assert.equal(badAmount.faultCode, 'PAA_SINTASSI_EXTRAXSD');
  });

  it('a payload that is not the SOAPAction’s request gets PAA_SINTASSI_EXTRAXSD in that operation’s response', async () => {
    const answer = await soapCall(ctx.app, 'paGetPaymentV2', verifyRequest(addressOf(entity), nav));
    assert.equal(answer.faultCode, 'PAA_SINTASSI_EXTRAXSD');
  });

  it('an unknown operation or a body that is not SOAP gets a SOAP Fault with 400; JSON 415', async () => {
    const unknown = await post(verifyRequest(addressOf(entity), nav), { soapaction: 'paDeleteEverything' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /<soapenv:Fault>.*Unknown operation/s);
    for (const body of ['not xml at all', '<a>unclosed', '<?xml version="1.0"?><root/>']) {
      const res = await post(body);
      assert.equal(res.statusCode, 400, body);
      assert.match(res.body, /faultcode>soapenv:Client</);
    }
    const json = await ctx.app.inject({
      method: 'POST',
      url: '/pagopa/paForNode',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(json.statusCode, 415);
    assert.match(json.body, /<soapenv:Fault>.*must be a SOAP 1\.1 envelope/s);
  });
});

describe('hostile XML', () => {
  const expectRefused = async (name: string, body: string | Buffer, status = 400) => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const res = await post(body);
    const ms = performance.now() - started;
    assert.equal(res.statusCode, status, `${name}: ${res.body.slice(0, 200)}`);
    // Generous bounds for a shared CI machine; the battery's figures are 100 ms and 10 MiB.
    assert.ok(ms < 1000, `${name} took ${ms} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024, `${name} grew the heap`);
    return res;
  };

  it('refuses any DOCTYPE — external entities, billion laughs — before parsing, reading no file', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`;
    const res = await expectRefused('XXE', xxe);
    assert.doesNotMatch(res.body, /root:/);
    assert.match(res.body, /DOCTYPE/i);
    const lol = [
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']><lolz>&lol9;</lolz>',
    ].join('');
    await expectRefused('billion laughs', lol);
    // A DOCTYPE inside a valid envelope is refused just the same.
    const envelope = verifyRequest(addressOf(entity), nav).replace('?>', '?><!DOCTYPE e [<!ENTITY a "b">]>');
    await expectRefused('DOCTYPE in an envelope', envelope);
  });

  it('refuses oversized bodies (413), 10 000-deep nesting and character-reference floods', async () => {
    await expectRefused('oversized', Buffer.alloc(600 * 1024, 'a'), 413);
    await expectRefused('deep', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`);
    await expectRefused('undefined entity', '<r>&undefined;</r>');
    const flood = verifyRequest(addressOf(entity), nav).replace('<idPA>', `<idPA>${'&#65;'.repeat(100_000)}`);
    const res = await post(flood);
    // Well-formed and small enough: it reaches validation, which refuses the 100 000-character idPA.
    assert.equal(readAnswer('paVerifyPaymentNotice', res.statusCode, res.body).faultCode, 'PAA_SINTASSI_EXTRAXSD');
  });
});

describe('WSDL', () => {
  it('serves paForNode.wsdl with this Cassa as the service address, and the XSDs it imports', async () => {
    const wsdl = await ctx.app.inject({ method: 'GET', url: '/pagopa/paForNode?wsdl' });
    assert.equal(wsdl.statusCode, 200);
    assert.match(wsdl.headers['content-type'] as string, /text\/xml/);
    assert.match(wsdl.body, /<soap:address\s+location="http:\/\/localhost:3000\/pagopa\/paForNode"/);
    assert.match(wsdl.body, /schemaLocation="http:\/\/localhost:3000\/pagopa\/paForNode\?xsd=paForNode\.xsd"/);
    for (const op of ['paVerifyPaymentNotice', 'paGetPaymentV2', 'paSendRTV2'])
      assert.match(wsdl.body, new RegExp(`soapAction="${op}"`));
    const xsd = await ctx.app.inject({ method: 'GET', url: '/pagopa/paForNode?xsd=paForNode.xsd' });
    assert.match(
      xsd.body,
      /schemaLocation="http:\/\/localhost:3000\/pagopa\/paForNode\?xsd=sac-common-types-1\.0\.xsd"/,
    );
    const common = await ctx.app.inject({ method: 'GET', url: '/pagopa/paForNode?xsd=sac-common-types-1.0.xsd' });
    assert.match(common.body, /stAmount/);
    const other = await ctx.app.inject({ method: 'GET', url: '/pagopa/paForNode?xsd=../../etc/passwd' });
    assert.equal(other.statusCode, 400);
  });
});

describe('responses checked by xmllint', () => {
  it('every kind of response validates against paForNode.xsd with libxml2', async () => {
    const a = addressOf(entity);
    const bodies = [
      (await soapCall(ctx.app, 'paVerifyPaymentNotice', verifyRequest(a, nav))).body,
      (await soapCall(ctx.app, 'paVerifyPaymentNotice', verifyRequest(a, '302000000000999970'))).body,
      (await soapCall(ctx.app, 'paGetPayment', activationRequest('paGetPayment', a, nav))).body,
      (await soapCall(ctx.app, 'paGetPaymentV2', activationRequest('paGetPaymentV2', a, nav))).body,
      (await soapCall(ctx.app, 'paVerifyPaymentNotice', verifyRequest(a, nav).replace(/<idPA>[^<]*<\/idPA>/, ''))).body,
      (
        await soapCall(
          ctx.app,
          'paSendRTV2',
          receiptRequest('paSendRTV2', a, {
            receiptId: 'r-lint-1',
            nav,
            iuv,
            fiscalCode: entity.fiscalCode,
            amount: '150.00',
          }),
        )
      ).body,
      (
        await soapCall(
          ctx.app,
          'paSendRT',
          receiptRequest(
            'paSendRT',
            { ...a, idStation: 'wrong' },
            { receiptId: 'r-lint-2', nav, iuv, fiscalCode: entity.fiscalCode, amount: '150.00' },
          ),
        )
      ).body,
    ];
    // The payload as a document of its own, with the namespace declared on it.
    const payloads = bodies.map((body) => {
      const inner = /<soapenv:Body>(.*)<\/soapenv:Body>/s.exec(body)![1]!;
      return inner.replace(/^<pafn:(\w+)/, '<pafn:$1 xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"');
    });
    assert.deepEqual(
      xmllintVerdicts(XSD, payloads),
      payloads.map(() => true),
      payloads.join('\n\n'),
    );
  });
});

describe('who may call the station', () => {
  it('an IP allow-list refuses other addresses with 403 before reading the body', async () => {
    const app = await buildApp({
      services: ctx.services,
      logLevel: 'silent',
      station: { access: { ...LOOPBACK_STATION_ACCESS, allowedIps: ['10.1.0.0/16', '192.0.2.7'] } },
    });
    try {
      const send = (ip: string) =>
        app.inject({
          method: 'POST',
          url: '/pagopa/paForNode',
          remoteAddress: ip,
          headers: { 'content-type': 'text/xml', soapaction: 'paVerifyPaymentNotice' },
          payload: verifyRequest(addressOf(entity), nav),
        });
      assert.equal((await send('10.1.200.3')).statusCode, 200);
      assert.equal((await send('192.0.2.7')).statusCode, 200);
      const refused = await send('203.0.113.9');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Access denied/);
    } finally {
      await app.close();
    }
  });

  it('behind a proxy that verifies the Nodo’s certificate: its header (and subject) are required', async () => {
    const app = await buildApp({
      services: ctx.services,
      logLevel: 'silent',
      station: {
        access: { ...LOOPBACK_STATION_ACCESS, allowedIps: [], clientCert: 'proxy', certSubject: 'CN=nodo.pagopa.it' },
      },
    });
    try {
      const send = (headers: Record<string, string>) =>
        app.inject({
          method: 'POST',
          url: '/pagopa/paForNode',
          headers: { 'content-type': 'text/xml', soapaction: 'paVerifyPaymentNotice', ...headers },
          payload: verifyRequest(addressOf(entity), nav),
        });
      assert.equal((await send({})).statusCode, 403);
      assert.equal((await send({ 'x-ssl-client-verify': 'FAILED:unknown ca' })).statusCode, 403);
      assert.equal(
        (await send({ 'x-ssl-client-verify': 'SUCCESS', 'x-ssl-client-s-dn': 'CN=someone.else' })).statusCode,
        403,
      );
      const ok = await send({
        'x-ssl-client-verify': 'SUCCESS',
        'x-ssl-client-s-dn': 'CN=nodo.pagopa.it,O=PagoPA S.p.A.',
      });
      assert.equal(ok.statusCode, 200);
    } finally {
      await app.close();
    }
  });
});
