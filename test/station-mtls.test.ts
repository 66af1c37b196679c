// The Nodo authenticated by its TLS client certificate, with Cassa terminating TLS itself: a real
// HTTPS server, certificates made for the test with openssl (a CA for the Nodo, and a stranger's).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { LOOPBACK_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { certificateWorkshop } from './support/certs.ts';
import { ENTITY_A, entityWithKey, type TestContext, testActor, testContext } from './support/context.ts';
import { singlePayment } from './support/positions.ts';
import { addressOf, readAnswer, verifyRequest } from './support/soap.ts';

let ctx: TestContext;
let app: FastifyInstance;
let port: number;
let body: string;

const dir = mkdtempSync(join(tmpdir(), 'cassa-mtls-'));
const { authority, issue, file } = certificateWorkshop(dir, { days: 2 });

before(async () => {
  authority('nodo-ca');
  authority('other-ca');
  issue('server', '/CN=localhost', 'nodo-ca', { ext: 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' });
  issue('nodo', '/CN=nodo.pagopa.it', 'nodo-ca');
  issue('impostor', '/CN=nodo.pagopa.it', 'other-ca');
  issue('neighbour', '/CN=someone.example', 'nodo-ca');

  ctx = await testContext();
  const { entity } = await entityWithKey(ctx, ENTITY_A);
  const position = await ctx.services.positions.create(entity, singlePayment('TLS-1'), { toPublish: true }, testActor);
  body = verifyRequest(addressOf(entity), position.options[0]!.installments[0]!.nav);
  app = await buildApp({
    services: ctx.services,
    logLevel: 'silent',
    https: { key: file('server.key'), cert: file('server.pem'), ca: file('nodo-ca.pem') },
    station: {
      access: { ...LOOPBACK_STATION_ACCESS, allowedIps: [], clientCert: 'tls', certSubject: 'CN=nodo.pagopa.it' },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
after(async () => {
  await app?.close();
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(client?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/pagopa/paForNode',
        method: 'POST',
        ca: file('nodo-ca.pem'),
        servername: 'localhost',
        ...(client && { key: file(`${client}.key`), cert: file(`${client}.pem`) }),
        headers: { 'content-type': 'text/xml', soapaction: 'paVerifyPaymentNotice' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

it('answers the Nodo’s certificate, and refuses none, a stranger CA’s and another subject’s with 403', async () => {
  const ok = await call('nodo');
  assert.equal(ok.status, 200, ok.body);
  assert.equal(readAnswer('paVerifyPaymentNotice', ok.status, ok.body).outcome, 'OK');
  for (const client of [undefined, 'impostor', 'neighbour']) {
    const refused = await call(client);
    assert.equal(refused.status, 403, `${client}: ${refused.body}`);
    assert.match(refused.body, /Access denied/);
  }
});
