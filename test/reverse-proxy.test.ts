// Cassa behind nginx terminating TLS, with the configuration the operators' guide ships
// (docs/examples/nginx.conf: only the ports, the upstream and the certificate paths substituted; a
// self-signed certificate made here with openssl). Through HTTPS: the portal's forms work with the
// __Host-/Secure cookies and CSRF; the client's address (nginx's X-Forwarded-For, believed because
// nginx is in TRUST_PROXY) is what the notice limiter counts and the station's allow-list checks, and
// an X-Forwarded-For sent by the client is not; the Nodo's SOAP call reaches /pagopa; an import
// upload larger than nginx's default body limit goes through. Skipped only when nginx is missing.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Jobs, startJobs } from '../src/jobs/boss.ts';
import { jobHandlers } from '../src/jobs/handlers.ts';
import { DEMO_CITIZENS } from '../src/modules/demo/demo.ts';
import type { Entity } from '../src/modules/entities/entity.ts';
import { LOOPBACK_STATION_ACCESS } from '../src/modules/payments/station/station-access.ts';
import { createServices, type Services } from '../src/services.ts';
import { setCookies } from './support/browser.ts';
import { ENTITY_A, testActor } from './support/context.ts';
import { freshDatabase, type TestDatabase } from './support/db.ts';
import { singlePayment } from './support/positions.ts';
import { freePort } from './support/server.ts';
import { addressOf, readAnswer, verifyRequest } from './support/soap.ts';

const root = join(import.meta.dirname, '..');
const HOST = 'pagamenti.comune.example.it';
const NODO = '127.0.0.30';
const IMPORT_MAX_BYTES = 8 * 1024 * 1024;

/** nginx from PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
function findNginx(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined;
}
const NGINX = findNginx();
const skip =
  !NGINX && 'nginx is not installed (npm test installs it with apt-get when run as root: apt-get install nginx)';

let prefix: string;
let cert: Buffer;
let httpsPort: number;
let httpPort: number;
let nginx: ChildProcess | undefined;
let nginxLog = '';
let db: TestDatabase;
let jobs: Jobs;
let services: Services;
let app: FastifyInstance;
let entity: Entity;
let key: string;
let nav: string;

/** docs/examples/nginx.conf with this test's ports and files; every substitution must find its text. */
function siteConfig(cassaPort: number): string {
  let text = readFileSync(join(root, 'docs/examples/nginx.conf'), 'utf8');
  const replace = (pattern: RegExp, by: string) => {
    assert.match(text, pattern, `docs/examples/nginx.conf no longer has ${pattern}`);
    text = text.replace(pattern, by);
  };
  replace(/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${cassaPort};`);
  // The test machine may have no IPv6: the example's [::] listeners go.
  replace(/^\s*listen \[::\]:.*;\n/gm, '');
  replace(/listen 80 default_server;/, `listen 127.0.0.1:${httpPort} default_server;`);
  replace(/listen 80;/, `listen 127.0.0.1:${httpPort};`);
  replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`);
  replace(/\/etc\/ssl\/cassa\/fullchain\.pem/, join(prefix, 'cert.pem'));
  replace(/\/etc\/ssl\/cassa\/privkey\.pem/, join(prefix, 'key.pem'));
  return text;
}

/** The rest of an nginx.conf, as a distribution has it, kept inside the temporary prefix. */
function mainConfig(): string {
  const tmp = (name: string) => join(prefix, 'tmp', name);
  return `${process.getuid?.() === 0 ? `user ${userInfo().username};\n` : ''}worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log ${join(prefix, 'access.log')};
  client_body_temp_path ${tmp('body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  include ${join(prefix, 'cassa.conf')};
}
`;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTPS request to nginx from the loopback address `from` (127.0.0.0/8 is all this machine's, so
 * each test plays a client of its own address), on a connection of its own.
 */
function send(
  from: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: httpsPort,
        servername: HOST,
        ca: cert,
        localAddress: from,
        agent: false,
        method,
        path,
        headers: { host: `${HOST}:${httpsPort}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const origin = () => `https://${HOST}:${httpsPort}`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = (cookie: string) => ({
  accept: 'text/html',
  'content-type': 'application/x-www-form-urlencoded',
  cookie,
  origin: origin(),
  'sec-fetch-site': 'same-origin',
});
const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
const cookieOf = (reply: Reply, name: string) =>
  setCookies(reply)
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

before(async () => {
  if (skip) return;
  prefix = mkdtempSync(join(tmpdir(), 'cassa-nginx-'));
  mkdirSync(join(prefix, 'tmp'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${HOST}`],
      ...['-addext', `subjectAltName=DNS:${HOST}`],
      ...['-keyout', join(prefix, 'key.pem'), '-out', join(prefix, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(prefix, 'cert.pem'));
  const cassaPort = await freePort();
  httpsPort = await freePort();
  httpPort = await freePort();
  const publicUrl = origin();

  db = await freshDatabase();
  jobs = await startJobs(db.database, { work: true });
  services = createServices(db.database, {
    jobs,
    config: { importMaxBytes: IMPORT_MAX_BYTES, importMaxRows: 20_000, publicUrl, sandbox: true },
  });
  await jobs.register(jobHandlers(services));
  // As main.ts builds it from TRUST_PROXY=127.0.0.1 and PAGOPA_ALLOWED_IPS=127.0.0.30.
  app = await buildApp({
    services,
    logLevel: 'silent',
    trustProxy: ['127.0.0.1'],
    importMaxBytes: IMPORT_MAX_BYTES,
    publicUrl,
    station: { access: { ...LOOPBACK_STATION_ACCESS, allowedIps: [NODO] }, publicUrl },
  });
  await app.listen({ port: cassaPort, host: '127.0.0.1' });
  entity = await services.entities.create(ENTITY_A, testActor);
  ({ key } = await services.apiKeys.create(entity.fiscalCode, 'test', testActor));
  const position = await services.positions.create(
    entity,
    singlePayment('PROXY-1', 9_900),
    { toPublish: true },
    testActor,
  );
  nav = position.options[0]!.installments[0]!.nav;

  writeFileSync(join(prefix, 'cassa.conf'), siteConfig(cassaPort));
  writeFileSync(join(prefix, 'nginx.conf'), mainConfig());
  nginx = spawn(NGINX!, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  nginx.stderr!.on('data', (d) => {
    nginxLog += d;
  });
  for (let i = 0; ; i++) {
    const up = await send('127.0.0.1', 'GET', '/health').then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    const log = existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '';
    if (nginx.exitCode !== null || i >= 100) throw new Error(`nginx did not start:\n${nginxLog}\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM');
    await once(nginx, 'exit');
  }
  await app?.close();
  await jobs?.stop();
  await db?.drop();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

describe('Cassa behind nginx (docs/examples/nginx.conf)', { skip }, () => {
  it('answers over HTTPS as HTTPS (HSTS, nginx request id), redirects plain HTTP and drops unknown hosts', async () => {
    const health = await send('127.0.0.1', 'GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    assert.match(String(health.headers['strict-transport-security']), /max-age=\d+/, 'Cassa saw https');
    assert.match(String(health.headers['x-request-id']), /^[0-9a-f]{32}$/, "nginx's $request_id");
    const plain = (host: string) =>
      new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: httpPort, path: '/e/x', headers: { host } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, location: res.headers.location });
        });
        req.on('error', reject);
        req.end();
      });
    assert.deepEqual(await plain(HOST), { status: 301, location: `https://${HOST}/e/x` });
    await assert.rejects(plain('other.example.org'), /socket hang up|ECONNRESET/, 'no answer for other names');
  });

  it('the portal: a look-up form and a sign-in work with __Host- Secure cookies and CSRF', async () => {
    const from = '127.0.0.10';
    const home = await send(from, 'GET', `/e/${entity.fiscalCode}`, { headers: { accept: 'text/html' } });
    assert.equal(home.status, 200);
    const csrfSet = setCookies(home).find((c) => c.startsWith('__Host-cassa-csrf='));
    assert.match(csrfSet!, /^__Host-cassa-csrf=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    assert.doesNotMatch(home.body, /Connessione non protetta/);
    const csrf = cookieOf(home, '__Host-cassa-csrf')!;
    const token = tokenOf(home.body);

    const sent = await send(from, 'POST', `/e/${entity.fiscalCode}/avviso`, {
      headers: formHeaders(csrf),
      body: form({ nav, _csrf: token }),
    });
    assert.equal(sent.status, 303, sent.body);
    const notice = await send(from, 'GET', String(sent.headers.location), {
      headers: { accept: 'text/html', cookie: csrf },
    });
    assert.equal(notice.status, 200);
    assert.match(notice.body, /99,00/);

    // CSRF holds through the proxy: another site's form, or no cookie, is refused.
    const evil = await send(from, 'POST', `/e/${entity.fiscalCode}/avviso`, {
      headers: { ...formHeaders(csrf), origin: 'https://evil.example.org', 'sec-fetch-site': 'cross-site' },
      body: form({ nav, _csrf: token }),
    });
    assert.equal(evil.status, 400);
    const noCookie = await send(from, 'POST', `/e/${entity.fiscalCode}/avviso`, {
      headers: formHeaders(''),
      body: form({ nav, _csrf: token }),
    });
    assert.equal(noCookie.status, 400);

    // The (sandbox) sign-in: the session cookie is a __Host- Secure one and opens the statement.
    const next = `/e/${entity.fiscalCode}/estratto`;
    const signIn = await send(from, 'GET', `/accedi?next=${encodeURIComponent(next)}`, {
      headers: { accept: 'text/html', cookie: csrf },
    });
    const signedIn = await send(from, 'POST', '/accedi/sandbox', {
      headers: formHeaders(csrf),
      body: form({ fiscalCode: DEMO_CITIZENS[0]!.fiscalCode, next, _csrf: tokenOf(signIn.body) }),
    });
    assert.equal(signedIn.status, 303, signedIn.body);
    const sessionSet = setCookies(signedIn).find((c) => c.startsWith('__Host-cassa-session='));
    assert.match(sessionSet!, /; Path=\/; Secure; HttpOnly; SameSite=Lax$/);
    const statement = await send(from, 'GET', next, {
      headers: { accept: 'text/html', cookie: `${csrf}; ${cookieOf(signedIn, '__Host-cassa-session')}` },
    });
    assert.equal(statement.status, 200);
    assert.match(statement.body, new RegExp(`Accesso effettuato come ${DEMO_CITIZENS[0]!.fullName}`));
    assert.match(statement.body, /posizioni\/PROXY-1/, "the citizen's own position");
  });

  it("the notice limiter counts the client's address as nginx forwards it, not one the client claims", async () => {
    const [guesser, neighbour] = ['127.0.0.20', '127.0.0.21'];
    const home = await send(guesser, 'GET', `/e/${entity.fiscalCode}`, { headers: { accept: 'text/html' } });
    const csrf = cookieOf(home, '__Host-cassa-csrf')!;
    const guess = (from: string, headers: Record<string, string> = {}) =>
      send(from, 'POST', `/e/${entity.fiscalCode}/avviso`, {
        headers: { ...formHeaders(csrf), ...headers },
        body: form({ nav: '302000000000000000', _csrf: tokenOf(home.body) }),
      });
    // ADR 0023: 20 failures per address in 10 minutes.
    for (let i = 0; i < 20; i++) assert.notEqual((await guess(guesser)).status, 429, `guess ${i + 1}`);
    const stopped = await guess(guesser);
    assert.equal(stopped.status, 429);
    assert.match(String(stopped.headers['retry-after']), /^\d+$/);
    // Another client is not held up, even when it claims to be the first one (nginx replaces the header)…
    assert.notEqual((await guess(neighbour, { 'x-forwarded-for': guesser })).status, 429);
    // …and the first one cannot escape its limit by claiming another address.
    assert.equal((await guess(guesser, { 'x-forwarded-for': '198.51.100.99' })).status, 429);
  });

  it("the pagoPA station: the Nodo's SOAP call reaches /pagopa, and the allow-list sees the real caller", async () => {
    const call = (from: string) =>
      send(from, 'POST', '/pagopa/paForNode', {
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: 'paVerifyPaymentNotice' },
        body: verifyRequest(addressOf(entity), nav),
      });
    const answer = await call(NODO);
    assert.equal(answer.status, 200, answer.body);
    const verify = readAnswer('paVerifyPaymentNotice', answer.status, answer.body);
    assert.equal(verify.outcome, 'OK');
    assert.equal((await call('127.0.0.31')).status, 403, 'an address outside PAGOPA_ALLOWED_IPS');
  });

  it("a bulk upload larger than nginx's default 1 MiB body limit is streamed through and imported", async () => {
    const rows = 10_000;
    const lines = ['iupd;debtor_fiscal_code;debtor_name;description;amount;due_date;category;remittance_information'];
    const filler = 'Tassa sui rifiuti 2027, utenza domestica, via della Repubblica';
    for (let i = 0; i < rows; i++) {
      lines.push(
        `BIG-${i};RSSMRA80A01H501U;Mario Rossi;${filler} ${i};${10 + (i % 90)},50;31/12/2027;9/0101101IM/;${filler} ${i}`,
      );
    }
    const file = Buffer.from(`${lines.join('\r\n')}\r\n`);
    assert.ok(file.length > 1024 * 1024 * 1.5 && file.length < IMPORT_MAX_BYTES);
    const boundary = '----cassa-proxy-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tari.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const auth = { authorization: `Bearer ${key}` };
    const upload = await send(
      '127.0.0.40',
      'POST',
      `/api/gpd/v3/organizations/${entity.fiscalCode}/debtpositions/file`,
      {
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
      },
    );
    assert.equal(upload.status, 202, upload.body);
    const location = String(upload.headers.location);
    for (let i = 0; ; i++) {
      const status = JSON.parse((await send('127.0.0.40', 'GET', location, { headers: auth })).body);
      if (status.operationStatus !== 'IN_PROGRESS') {
        assert.equal(status.operationStatus, 'COMPLETED');
        assert.equal(status.processedItem, rows);
        break;
      }
      assert.ok(i < 600, 'the import did not finish within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
