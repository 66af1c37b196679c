// Signing in with a smart card (CNS/CIE): certificates made for the test with openssl — a card CA
// (with an intermediate), a good CNS-like card with the policy and the fiscal code, an expired one,
// one from another CA, one without the policy, one without a fiscal code, one not for client
// authentication, and the Nodo's — presented over real HTTPS with client certificates, and through
// a reverse proxy's header, from a trusted and from an untrusted address.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import { certificateFacts, fiscalCodeOf } from '../src/modules/identity/smartcard.ts';
import { LOOPBACK_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { createServices, type Services } from '../src/services.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { DerError, oidOf, readTlv } from '../src/shared/der.ts';
import { certificateWorkshop } from './support/certs.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';

const CNS = '1.3.76.16.2.1';
const CIE = '1.3.76.47.4';
const citizen = DEMO_CITIZENS[0]!;
let db: TestDatabase;
let services: Services;

const dir = mkdtempSync(join(tmpdir(), 'cassa-smartcard-'));
const { authority, issue, file, pem } = certificateWorkshop(dir, { days: 365 });

const card = (policy = CNS, more = '') =>
  `certificatePolicies=${policy}\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n${more}`;
const cnsSubject = `/C=IT/O=Test CA S.p.A./OU=Regione di Prova/CN=${citizen.fiscalCode}\\/6120000000000000.AbCdEfGh/GN=Mario/SN=Rossi`;

before(() => {
  for (const ca of ['card-ca', 'other-ca', 'nodo-ca']) {
    authority(ca, {
      subject: `/C=IT/O=Test/CN=${ca}`,
      ext: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
    });
  }
  issue('card-sub-ca', '/C=IT/O=Test/CN=card-sub-ca', 'card-ca', {
    ext: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n',
  });
  issue('server', '/CN=localhost', 'nodo-ca', { ext: 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' });
  issue('nodo', '/CN=nodo.pagopa.it', 'nodo-ca', { ext: 'extendedKeyUsage=clientAuth\n' });
  issue('good', cnsSubject, 'card-ca', { ext: card() });
  // The app's clock runs three days ahead: a one-day certificate is past its end for it.
  issue('expired', cnsSubject, 'card-ca', { ext: card(), days: 1 });
  issue('stranger', cnsSubject, 'other-ca', { ext: card() });
  issue('no-policy', cnsSubject, 'card-ca', { ext: card('1.2.3.4') });
  issue('no-cf', '/C=IT/O=Test/CN=Mario Rossi/GN=Mario/SN=Rossi', 'card-ca', { ext: card() });
  issue('server-only', cnsSubject, 'card-ca', { ext: card(CNS).replace('clientAuth', 'serverAuth') });
  issue('cie', `/C=IT/CN=Mario Rossi/serialNumber=TINIT-${citizen.fiscalCode}`, 'card-sub-ca', { ext: card(CIE) });
  writeFileSync(join(dir, 'cie-chain.pem'), pem('cie') + pem('card-sub-ca'));
  issue('cie-direct', `/C=IT/CN=Mario Rossi/serialNumber=TINIT-${citizen.fiscalCode}`, 'card-ca', { ext: card(CIE) });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a certificate', () => {
  it('finds the policies, the extended key usages and the subject’s attributes in the DER', () => {
    const facts = certificateFacts(new X509Certificate(pem('good')).raw);
    assert.deepEqual(facts.policies, [CNS]);
    assert.equal(facts.digitalSignature, true);
    assert.deepEqual(facts.extendedKeyUsages, ['1.3.6.1.5.5.7.3.2']);
    assert.deepEqual(facts.subject.get('2.5.4.3'), [`${citizen.fiscalCode}/6120000000000000.AbCdEfGh`]);
    assert.deepEqual(facts.subject.get('2.5.4.42'), ['Mario']);
    const plain = certificateFacts(new X509Certificate(pem('card-ca')).raw);
    assert.deepEqual(plain.policies, []);
    assert.equal(plain.extendedKeyUsages, undefined);
  });

  it('the codice fiscale: the CN up to its first slash, or TINIT-<CF>, valid or nothing', () => {
    const subject = (cn: string[], serial: string[] = []) =>
      new Map([
        ['2.5.4.3', cn],
        ['2.5.4.5', serial],
      ]);
    const cf = citizen.fiscalCode;
    assert.equal(fiscalCodeOf(subject([`${cf}/6120000000000000.x`])), cf);
    assert.equal(fiscalCodeOf(subject([cf.toLowerCase()])), cf);
    assert.equal(fiscalCodeOf(subject(['Mario Rossi'], [`TINIT-${cf}`])), cf);
    assert.equal(fiscalCodeOf(subject([`TINIT-${cf}`])), cf);
    const wrongCheck = `${cf.slice(0, 15)}${cf[15] === 'A' ? 'B' : 'A'}`;
    assert.equal(fiscalCodeOf(subject([`${wrongCheck}/6120000000000000.x`])), undefined);
    assert.equal(fiscalCodeOf(subject(['Mario Rossi'], ['IT-12345'])), undefined);
  });

  it('the DER reader refuses what is malformed and decodes object identifiers', () => {
    const der = new X509Certificate(pem('good')).raw;
    assert.throws(() => certificateFacts(der.subarray(0, der.length - 10)), DerError);
    assert.throws(() => readTlv(Uint8Array.from([0x30, 0x80, 0x00, 0x00])), /unsupported length/);
    assert.throws(() => readTlv(Uint8Array.from([0x30, 0x05, 0x01])), /runs past/);
    const oid = Uint8Array.from([0x06, 0x03, 0x55, 0x1d, 0x20]);
    assert.equal(oidOf(oid, readTlv(oid)), '2.5.29.32');
    const long = Uint8Array.from([0x06, 0x06, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82]);
    assert.throws(() => oidOf(long, readTlv(long)), /ends inside an arc/);
    const big = Uint8Array.from([0x06, 0x04, 0x88, 0x37, 0x83, 0x74]);
    assert.equal(oidOf(big, readTlv(big)), '2.999.500');
  });
});

async function appWith(options: Partial<Parameters<typeof buildApp>[0]>) {
  return buildApp({
    services,
    logLevel: 'silent',
    smartCard: { ca: file('card-ca.pem'), policyOids: [CNS, CIE] },
    ...options,
  });
}

const refusedFor = (body: string) => /data-reason="(\w+)"/.exec(body)?.[1];

async function sessionOf(setCookie: unknown) {
  const token = /__Host-cassa-session=([A-Za-z0-9_-]{43})/.exec(String(setCookie))?.[1];
  return token ? services.sessions.resolve(token) : undefined;
}

const refusals = () =>
  services.database.db
    .selectFrom('audit_log')
    .select(['after', 'subject_id'])
    .where('action', '=', 'citizen_session.refused')
    .execute()
    .then((rows) =>
      rows.map((r) => (typeof r.after === 'string' ? JSON.parse(r.after) : r.after) as { reason: string }),
    );

before(async () => {
  db = await freshDatabase();
  services = createServices(db.database, { clock: fixedClock(new Date(Date.now() + 3 * 24 * 3600_000)) });
});
after(() => db?.drop());

describe('over Cassa’s own HTTPS', () => {
  let app: FastifyInstance;
  let port: number;
  before(async () => {
    app = await appWith({
      https: { key: file('server.key'), cert: file('server.pem'), ca: file('nodo-ca.pem') },
      station: { access: { ...LOOPBACK_STATION_ACCESS, allowedIps: [], clientCert: 'tls' } },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  after(() => app?.close());

  function call(path: string, client?: string, method = 'GET', chain?: string) {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          ca: file('nodo-ca.pem'),
          servername: 'localhost',
          agent: false,
          ...(client && { key: file(`${client}.key`), cert: chain ? file(chain) : file(`${client}.pem`) }),
          headers: method === 'POST' ? { 'content-type': 'text/xml', soapaction: 'paVerifyPaymentNotice' } : {},
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      req.end(method === 'POST' ? '<x/>' : undefined);
    });
  }

  it('a good card signs the citizen in: a new session with the fiscal code and name, back to next', async () => {
    const res = await call('/accedi/certificato?next=%2Fprofilo', 'good');
    assert.equal(res.status, 303, res.body);
    assert.equal(res.headers.location, '/profilo');
    const session = await sessionOf(res.headers['set-cookie']);
    assert.equal(session?.fiscalCode, citizen.fiscalCode);
    assert.equal(session?.fullName, 'Mario Rossi');
    assert.equal(session?.method, 'cns');
  });

  it('a CIE-style card (TINIT- serial number) issued through an intermediate CA it sends along', async () => {
    const res = await call('/accedi/certificato?next=https%3A%2F%2Fevil.example', 'cie', 'GET', 'cie-chain.pem');
    assert.equal(res.status, 303, res.body);
    assert.equal(res.headers.location, '/', 'no open redirect');
    assert.equal((await sessionOf(res.headers['set-cookie']))?.fiscalCode, citizen.fiscalCode);
    // Without the intermediate the chain cannot be built.
    const alone = await call('/accedi/certificato', 'cie');
    assert.equal(refusedFor(alone.body), 'untrusted');
  });

  it('refuses, with a page saying why and no session: none, expired, another CA, no policy, no CF, wrong usage, the Nodo’s', async () => {
    const cases: [string | undefined, string][] = [
      [undefined, 'noCertificate'],
      ['expired', 'expired'],
      ['stranger', 'untrusted'],
      ['no-policy', 'policy'],
      ['no-cf', 'noFiscalCode'],
      ['server-only', 'usage'],
      ['nodo', 'untrusted'],
    ];
    const before = (await refusals()).length;
    for (const [client, reason] of cases) {
      const res = await call('/accedi/certificato?next=%2Fprofilo', client);
      assert.equal(res.status, 401, `${client}: ${res.body.slice(0, 200)}`);
      assert.equal(refusedFor(res.body), reason, String(client));
      assert.match(res.body, /<h1>Accesso con la carta non riuscito<\/h1>/);
      assert.match(res.body, /href="\/accedi\?next=%2Fprofilo"/);
      assert.doesNotMatch(String(res.headers['set-cookie'] ?? ''), /cassa-session/);
    }
    const logged = (await refusals()).slice(before).map((r) => r.reason);
    assert.deepEqual(
      logged,
      cases.map(([, reason]) => reason),
    );
  });

  it('the texts say what to do', async () => {
    const expired = await call('/accedi/certificato?lang=en', 'expired');
    assert.match(expired.body, /The card’s certificate has expired/);
    const none = await call('/accedi/certificato');
    assert.match(none.body, /Il browser non ha presentato alcun certificato/);
  });

  it('the station takes the Nodo’s certificate and refuses a smart card, though TLS trusts both CAs', async () => {
    const nodo = await call('/pagopa/paForNode', 'nodo', 'POST');
    assert.equal(nodo.status, 400, 'read (and refused as malformed SOAP), not turned away');
    const smartCard = await call('/pagopa/paForNode', 'good', 'POST');
    assert.equal(smartCard.status, 403);
  });

  it('the sign-in page offers the card', async () => {
    const res = await call('/accedi?next=%2Fprofilo');
    assert.match(res.body, /href="\/accedi\/certificato\?next=%2Fprofilo">Accedi con la carta<\/a>/);
  });
});

describe('behind a reverse proxy', () => {
  let app: FastifyInstance;
  const PROXY = '192.0.2.10';
  before(async () => {
    app = await appWith({
      trustProxy: [`${PROXY}/32`],
      smartCard: { ca: file('card-ca.pem'), policyOids: [CNS], certHeader: 'x-ssl-client-cert' },
    });
  });
  after(() => app?.close());

  const send = (remoteAddress: string, certificate: string | undefined, extra: Record<string, string> = {}) =>
    app.inject({
      url: '/accedi/certificato?next=%2Fprofilo',
      remoteAddress,
      headers: { accept: 'text/html', ...(certificate && { 'x-ssl-client-cert': certificate }), ...extra },
    });
  // As nginx's $ssl_client_escaped_cert: the PEM, URL-encoded.
  const escaped = (name: string) => encodeURIComponent(pem(name));

  it('believes the certificate from the trusted proxy, and checks it all the same', async () => {
    const ok = await send(PROXY, escaped('good'));
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal((await sessionOf(ok.headers['set-cookie']))?.fiscalCode, citizen.fiscalCode);
    // A PEM whose line breaks a proxy turned into spaces is read too.
    const folded = await send(PROXY, encodeURIComponent(pem('good').replace(/\n/g, ' ')));
    assert.equal(folded.statusCode, 303);
    for (const [name, reason] of [
      ['expired', 'expired'],
      ['stranger', 'untrusted'],
      ['no-policy', 'policy'],
      ['no-cf', 'noFiscalCode'],
    ] as const) {
      const res = await send(PROXY, escaped(name));
      assert.equal(res.statusCode, 401);
      assert.equal(refusedFor(res.body), reason, name);
    }
    assert.equal(refusedFor((await send(PROXY, 'not%20a%20certificate')).body), 'unreadable');
    // The header carries the card's certificate only: an intermediate CA must be in the bundle.
    assert.equal(refusedFor((await send(PROXY, escaped('cie'))).body), 'untrusted');
    // This installation accepts CNS cards only (SMARTCARD_POLICY_OIDS).
    assert.equal(refusedFor((await send(PROXY, escaped('cie-direct'))).body), 'policy');
  });

  it('ignores the header from anyone else, even one claiming to be forwarded by the proxy', async () => {
    const before = (await refusals()).length;
    for (const extra of [{}, { 'x-forwarded-for': PROXY }] as Record<string, string>[]) {
      const res = await send('198.51.100.7', escaped('good'), extra);
      assert.equal(res.statusCode, 401);
      assert.equal(refusedFor(res.body), 'noCertificate');
      assert.equal(res.headers['set-cookie'], undefined);
    }
    assert.equal((await refusals()).length, before + 2);
  });
});

describe('when not configured', () => {
  it('there is no smart-card sign-in: 404, and no button', async () => {
    const app = await buildApp({ services, logLevel: 'silent' });
    try {
      const res = await app.inject({ url: '/accedi/certificato', headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404);
      const signin = await app.inject({ url: '/accedi' });
      assert.doesNotMatch(signin.body, /accedi\/certificato/);
    } finally {
      await app.close();
    }
  });
});
