import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

/** The problems loadConfig names for env, none when it loads. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}

describe('loadConfig', () => {
  it('runs everything embedded by default, with the demo on', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.demo, true);
    assert.match(config.dataDir, /data$/);
    assert.ok(Object.isFrozen(config));
  });

  it('takes a migration role URL next to DATABASE_URL, and checks both', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://cassa_app@db/cassa',
      MIGRATION_DATABASE_URL: 'postgres://cassa_owner@db/cassa',
    });
    assert.equal(config.migrationDatabaseUrl, 'postgres://cassa_owner@db/cassa');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/cassa' }).migrationDatabaseUrl, undefined);
    assert.deepEqual(problemsOf({ DATABASE_URL: 'postgres://db/cassa', MIGRATION_DATABASE_URL: 'mysql://db/x' }), [
      'MIGRATION_DATABASE_URL must start with postgres:// or postgresql://, got "mysql:"',
    ]);
    assert.deepEqual(problemsOf({ MIGRATION_DATABASE_URL: 'postgres://cassa_owner@db/cassa' }), [
      'MIGRATION_DATABASE_URL needs DATABASE_URL: the two roles are for PostgreSQL',
    ]);
  });

  it('turns the demo off by default on PostgreSQL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db' });
    assert.equal(config.demo, false);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db', CASSA_DEMO: 'yes' }).demo, true);
  });

  it('lists every bad variable at once, by name', () => {
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', DB_POOL_SIZE: '0', CASSA_JOBS: '2' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const text = error.problems.join('\n');
      for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'DB_POOL_SIZE', 'CASSA_JOBS'])
        assert.match(text, new RegExp(name));
      assert.equal(error.problems.length, 5);
    }
  });

  it('the entity-wide notice limits: the defaults unless set, whole numbers of at least 1', () => {
    assert.deepEqual(loadConfig({}).noticeEntityLimits, {});
    const set = loadConfig({ NOTICE_LIMIT_ENTITY_FAILURES: '1000', NOTICE_LIMIT_ENTITY_SUCCESSES: ' 20000 ' });
    assert.deepEqual(set.noticeEntityLimits, { failures: 1000, successes: 20000 });
    assert.throws(
      () => loadConfig({ NOTICE_LIMIT_ENTITY_FAILURES: '0', NOTICE_LIMIT_ENTITY_SUCCESSES: 'many' }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2,
    );
  });

  it('SHUTDOWN_GRACE_SECONDS: 25 by default, whole seconds up to an hour', () => {
    assert.equal(loadConfig({}).shutdownGraceSeconds, 25);
    assert.equal(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds, 0);
    for (const bad of ['-1', '3601', 'soon']) {
      assert.throws(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: bad }), /SHUTDOWN_GRACE_SECONDS/, bad);
    }
  });

  it('PUBLIC_URL: http://localhost:<PORT> by default, any http(s) URL without a trailing slash', () => {
    assert.equal(loadConfig({}).publicUrl, 'http://localhost:3000');
    assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://pagamenti.comune.it/' }).publicUrl, 'https://pagamenti.comune.it');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://ente.it/cassa/' }).publicUrl, 'https://ente.it/cassa');
    for (const bad of ['ftp://ente.it', 'pagamenti.comune.it', 'https://ente.it/?a=1', 'https://u:p@ente.it']) {
      assert.throws(() => loadConfig({ PUBLIC_URL: bad }), /PUBLIC_URL/, bad);
    }
  });

  it('the pagoPA station: IP allow-list, client certificate by TLS or proxy', () => {
    const sandbox = loadConfig({}).pagopa;
    assert.deepEqual(sandbox.allowedIps, ['127.0.0.1', '::1']);
    assert.equal(sandbox.clientCert, 'off');
    const proxied = loadConfig({
      PAGOPA_ALLOWED_IPS: '10.0.0.0/8, 192.168.1.7,2001:db8::/32',
      PAGOPA_CLIENT_CERT: 'proxy',
      PAGOPA_CLIENT_CERT_SUBJECT: 'CN=nodo',
      TRUST_PROXY: '127.0.0.1',
    });
    assert.deepEqual(proxied.pagopa.allowedIps, ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32']);
    assert.equal(proxied.pagopa.proxyVerifyHeader, 'x-ssl-client-verify');
    assert.deepEqual(proxied.trustProxy, ['127.0.0.1']);
    const tls = loadConfig({
      TLS_CERT_FILE: 'c.pem',
      TLS_KEY_FILE: 'k.pem',
      TLS_CLIENT_CA_FILE: 'ca.pem',
      PAGOPA_CLIENT_CERT: 'tls',
    });
    assert.match(tls.tls!.clientCaFile!, /ca\.pem$/);
    for (const bad of [
      { PAGOPA_CLIENT_CERT: 'maybe' },
      { PAGOPA_CLIENT_CERT: 'tls' },
      { PAGOPA_ALLOWED_IPS: 'nodo.pagopa.it' },
      { TLS_CERT_FILE: 'c.pem' },
      { PAGOPA_PROXY_VERIFY_HEADER: 'bad header' },
    ]) {
      assert.throws(() => loadConfig(bad), ConfigError, JSON.stringify(bad));
    }
  });

  it('the pagoPA station is closed by default: outside the sandbox an allow-list or a certificate, or an explicit opt-out', () => {
    const real = { PAGOPA_CHECKOUT_URL: 'https://api.platform.pagopa.it/checkout/ec/v2', PAGOPA_CHECKOUT_KEY: 'k' };
    for (const env of [real, { CASSA_SANDBOX: 'false' }]) {
      const problems = problemsOf(env);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, /PAGOPA_ALLOWED_IPS.*PAGOPA_CLIENT_CERT.*PAGOPA_STATION_OPEN=true/);
    }
    assert.deepEqual(loadConfig({ ...real, PAGOPA_ALLOWED_IPS: '203.0.113.0/24' }).pagopa.allowedIps, [
      '203.0.113.0/24',
    ]);
    assert.equal(loadConfig({ ...real, PAGOPA_CLIENT_CERT: 'proxy' }).pagopa.allowedIps.length, 0);
    const open = loadConfig({ ...real, PAGOPA_STATION_OPEN: 'true' }).pagopa;
    assert.equal(open.open, true);
    assert.deepEqual(open.allowedIps, []);
    // In the sandbox an explicit setting replaces the loopback; the opt-out opens it there too.
    assert.deepEqual(loadConfig({ PAGOPA_ALLOWED_IPS: '192.0.2.1' }).pagopa.allowedIps, ['192.0.2.1']);
    assert.deepEqual(loadConfig({ PAGOPA_STATION_OPEN: 'yes' }).pagopa.allowedIps, []);
    // The sandbox's own Nodo calls over the loopback, so that the loopback-only default admits it.
    assert.equal(loadConfig({}).sandboxStationUrl, 'http://127.0.0.1:3000/pagopa/paForNode');
    assert.equal(
      loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).sandboxStationUrl,
      'http://127.0.0.1:8080/pagopa/paForNode',
    );
    assert.equal(loadConfig({ HOST: '::1' }).sandboxStationUrl, 'http://[::1]:3000/pagopa/paForNode');
    assert.equal(loadConfig({ HOST: '192.0.2.5' }).sandboxStationUrl, undefined);
    assert.equal(
      loadConfig({ SANDBOX_STATION_URL: 'http://cassa:3000/pagopa/paForNode' }).sandboxStationUrl,
      'http://cassa:3000/pagopa/paForNode',
    );
    // Open together with checks is a contradiction.
    assert.match(problemsOf({ PAGOPA_STATION_OPEN: 'true', PAGOPA_ALLOWED_IPS: '192.0.2.1' }).join(), /contradicts/);
  });

  it('outbound timeouts: 10 s each by default, configurable from 100 ms to 2 minutes', () => {
    assert.deepEqual(loadConfig({}).timeouts, { checkoutMs: 10_000, acaMs: 10_000, webhooksMs: 10_000 });
    const set = loadConfig({
      PAGOPA_CHECKOUT_TIMEOUT_MS: '5000',
      ACA_TIMEOUT_MS: '20000',
      WEBHOOKS_TIMEOUT_MS: '3000',
    });
    assert.deepEqual(set.timeouts, { checkoutMs: 5000, acaMs: 20_000, webhooksMs: 3000 });
    const problems = problemsOf({
      PAGOPA_CHECKOUT_TIMEOUT_MS: '0',
      ACA_TIMEOUT_MS: 'soon',
      WEBHOOKS_TIMEOUT_MS: '3600000',
    });
    assert.equal(problems.length, 3, problems.join('\n'));
  });

  it('online payments: the sandbox unless a real Checkout is configured, never both; ACA in pairs', () => {
    assert.equal(loadConfig({}).sandbox, true);
    assert.equal(loadConfig({}).checkout, undefined);
    const real = loadConfig({
      PAGOPA_CHECKOUT_URL: 'https://api.platform.pagopa.it/checkout/ec/v2',
      PAGOPA_CHECKOUT_KEY: 'k',
      PAGOPA_ALLOWED_IPS: '203.0.113.0/24',
    });
    assert.equal(real.sandbox, false);
    assert.equal(real.checkout?.url, 'https://api.platform.pagopa.it/checkout/ec/v2');
    assert.equal(loadConfig({ CASSA_SANDBOX: 'false', PAGOPA_STATION_OPEN: 'true' }).sandbox, false);
    for (const bad of [
      { PAGOPA_CHECKOUT_URL: 'https://x.it/checkout' },
      { PAGOPA_CHECKOUT_URL: 'http://x.it/checkout', PAGOPA_CHECKOUT_KEY: 'k' },
      { PAGOPA_CHECKOUT_URL: 'https://x.it/checkout', PAGOPA_CHECKOUT_KEY: 'k', CASSA_SANDBOX: 'true' },
      { ACA_URL: 'https://api.platform.pagopa.it/aca/v1' },
      { SANDBOX_STATION_URL: 'not a url' },
    ]) {
      assert.throws(() => loadConfig(bad), ConfigError, JSON.stringify(bad));
    }
    assert.equal(
      loadConfig({ ACA_URL: 'https://api.platform.pagopa.it/aca/v1', ACA_KEY: 'k' }).aca?.subscriptionKey,
      'k',
    );
  });
});

describe('loadConfig: SPID/CIE sign-in through OpenID Connect', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'cassa-config-'));
  const rsaKey = join(keyDir, 'rsa.pem');
  writeFileSync(
    rsaKey,
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
  );
  const edKey = join(keyDir, 'ed.pem');
  writeFileSync(edKey, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const notAKey = join(keyDir, 'not-a-key.pem');
  writeFileSync(notAKey, 'hello');
  after(() => rmSync(keyDir, { recursive: true, force: true }));

  it('none by default', () => {
    assert.deepEqual(loadConfig({}).oidc, []);
  });

  it('two providers: a secret for one, a private key for the other, defaults for the rest', () => {
    const { oidc } = loadConfig({
      OIDC_PROVIDERS: 'spid, CIE',
      OIDC_SPID_ISSUER: 'https://id.comune.example.it/spid',
      OIDC_SPID_CLIENT_ID: 'https://pagamenti.comune.example.it',
      OIDC_SPID_CLIENT_SECRET: 's3cret',
      OIDC_SPID_ACR: 'https://www.spid.gov.it/SpidL2',
      OIDC_CIE_ISSUER: 'https://id.comune.example.it/cie',
      OIDC_CIE_CLIENT_ID: 'cassa',
      OIDC_CIE_PRIVATE_KEY_FILE: rsaKey,
      OIDC_CIE_LABEL: 'Entra con la Carta d’identità elettronica',
      OIDC_CIE_SCOPE: 'openid profile email',
      OIDC_CIE_FISCAL_CODE_CLAIM: 'fiscal_number',
      OIDC_CIE_PROMPT: 'consent login',
    });
    assert.equal(oidc.length, 2);
    const [spid, cie] = oidc;
    assert.deepEqual(
      { ...spid },
      {
        name: 'spid',
        kind: 'spid',
        label: undefined,
        issuer: 'https://id.comune.example.it/spid',
        clientId: 'https://pagamenti.comune.example.it',
        clientSecret: 's3cret',
        privateKeyFile: undefined,
        scope: 'openid profile',
        fiscalCodeClaim: 'https://attributes.eid.gov.it/fiscal_number',
        acr: 'https://www.spid.gov.it/SpidL2',
        prompt: undefined,
        allowHttp: false,
      },
    );
    assert.equal(cie!.kind, 'cie', 'the kind follows the name spid/cie');
    assert.equal(cie!.privateKeyFile, rsaKey);
    assert.equal(cie!.clientSecret, undefined);
    assert.equal(cie!.label, 'Entra con la Carta d’identità elettronica');
    assert.equal(cie!.scope, 'openid profile email');
    assert.equal(cie!.fiscalCodeClaim, 'fiscal_number');
    assert.equal(cie!.prompt, 'consent login');
  });

  it('another name needs its KIND; http:// only when ALLOW_HTTP says so', () => {
    const base = { OIDC_PROVIDERS: 'gateway', OIDC_GATEWAY_CLIENT_ID: 'c', OIDC_GATEWAY_CLIENT_SECRET: 's' };
    assert.match(
      problemsOf({ ...base, OIDC_GATEWAY_ISSUER: 'https://id.example.it' }).join('\n'),
      /OIDC_GATEWAY_KIND must be spid or cie/,
    );
    const gateway = loadConfig({ ...base, OIDC_GATEWAY_ISSUER: 'https://id.example.it', OIDC_GATEWAY_KIND: 'CIE' });
    assert.equal(gateway.oidc[0]!.kind, 'cie');
    const http = { ...base, OIDC_GATEWAY_KIND: 'spid', OIDC_GATEWAY_ISSUER: 'http://127.0.0.1:9999' };
    assert.match(problemsOf(http).join('\n'), /OIDC_GATEWAY_ISSUER must be an https:\/\/ URL/);
    assert.equal(loadConfig({ ...http, OIDC_GATEWAY_ALLOW_HTTP: 'true' }).oidc[0]!.allowHttp, true);
  });

  it('names every problem: missing settings, both or neither credential, bad keys, bad names, typos', () => {
    const problems = problemsOf({
      OIDC_PROVIDERS: 'spid,cie,ed,nokey,spid,bad-name',
      OIDC_SPID_CLIENT_ID: 'c',
      OIDC_SPID_CLIENT_SECRET: 's',
      OIDC_SPID_PRIVATE_KEY_FILE: rsaKey,
      OIDC_SPID_SCOPE: 'profile',
      OIDC_CIE_ISSUER: 'ftp://id.example.it',
      OIDC_ED_ISSUER: 'https://id.example.it',
      OIDC_ED_CLIENT_ID: 'c',
      OIDC_ED_KIND: 'spid',
      OIDC_ED_PRIVATE_KEY_FILE: edKey,
      OIDC_NOKEY_ISSUER: 'https://id.example.it',
      OIDC_NOKEY_CLIENT_ID: 'c',
      OIDC_NOKEY_KIND: 'cie',
      OIDC_NOKEY_PRIVATE_KEY_FILE: notAKey,
      OIDC_CIE_ISUER: 'https://typo.example.it',
      OIDC_SPDI_ISSUER: 'https://typo.example.it',
    });
    const expected = [
      /OIDC_SPID_ISSUER is required/,
      /OIDC_SPID_CLIENT_SECRET or OIDC_SPID_PRIVATE_KEY_FILE is required, and only one of them/,
      /OIDC_SPID_SCOPE must include openid/,
      /OIDC_CIE_ISSUER must be an https:\/\/ URL/,
      /OIDC_CIE_CLIENT_ID is required/,
      /OIDC_CIE_CLIENT_SECRET or OIDC_CIE_PRIVATE_KEY_FILE is required/,
      /OIDC_ED_PRIVATE_KEY_FILE: .* holds a ed25519 key; an RSA or EC P-256 private key is needed/,
      /OIDC_NOKEY_PRIVATE_KEY_FILE: .* is not a private key/,
      /OIDC_PROVIDERS names "spid" twice/,
      /OIDC_PROVIDERS: "bad-name" must be a letter then letters or digits/,
      /OIDC_CIE_ISUER: unknown setting ISUER/,
      /OIDC_SPDI_ISSUER is set, but no provider of OIDC_PROVIDERS/,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${pattern}\n${problems.join('\n')}`,
      );
    assert.equal(problems.length, expected.length, problems.join('\n'));
    assert.match(
      problemsOf({
        OIDC_PROVIDERS: 'cie',
        OIDC_CIE_ISSUER: 'https://x.it',
        OIDC_CIE_CLIENT_ID: 'c',
        OIDC_CIE_PRIVATE_KEY_FILE: join(keyDir, 'missing.pem'),
      }).join('\n'),
      /OIDC_CIE_PRIVATE_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/,
    );
  });
});

describe('smart-card sign-in and SMTP settings', () => {
  it('smart cards: off by default; on with a CA bundle, over Cassa’s TLS or a trusted proxy’s header', () => {
    assert.equal(loadConfig({}).smartCard, undefined);
    const tls = loadConfig({ TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem', SMARTCARD_CA_FILE: 'cards.pem' })
      .smartCard!;
    assert.match(tls.caFile, /cards\.pem$/);
    assert.deepEqual(tls.policyOids, ['1.3.76.16.2.1', '1.3.76.47.4']);
    assert.equal(tls.certHeader, undefined);
    const proxied = loadConfig({
      SMARTCARD_CA_FILE: 'cards.pem',
      SMARTCARD_CERT_HEADER: 'X-SSL-Client-Cert',
      SMARTCARD_POLICY_OIDS: '1.3.76.16.2.1',
      TRUST_PROXY: '10.0.0.1',
    }).smartCard!;
    assert.equal(proxied.certHeader, 'x-ssl-client-cert');
    assert.deepEqual(proxied.policyOids, ['1.3.76.16.2.1']);
  });

  it('smart cards: every inconsistency is named', () => {
    assert.match(problemsOf({ SMARTCARD_CA_FILE: 'cards.pem' }).join('\n'), /SMARTCARD_CA_FILE needs TLS_CERT_FILE/);
    assert.match(
      problemsOf({ SMARTCARD_CA_FILE: 'cards.pem', SMARTCARD_CERT_HEADER: 'x-cert' }).join('\n'),
      /SMARTCARD_CERT_HEADER needs TRUST_PROXY/,
    );
    assert.match(problemsOf({ SMARTCARD_POLICY_OIDS: '1.2.3' }).join('\n'), /need SMARTCARD_CA_FILE/);
    const bad = problemsOf({
      SMARTCARD_CA_FILE: 'cards.pem',
      SMARTCARD_CERT_HEADER: 'x cert',
      SMARTCARD_POLICY_OIDS: '1.3.76.16.2.1, cns',
      TRUST_PROXY: '10.0.0.1',
    });
    assert.deepEqual(bad, [
      'SMARTCARD_POLICY_OIDS: "cns" is not an object identifier',
      'SMARTCARD_CERT_HEADER must be an HTTP header name, got "x cert"',
    ]);
  });

  it('SMTP: none by default; SMTP_URL needs a sender, and the sender an SMTP server', () => {
    assert.equal(loadConfig({}).smtp, undefined);
    assert.deepEqual(
      loadConfig({ SMTP_URL: 'smtps://u:p@mail.ente.it:465', SMTP_FROM: 'Comune <pagamenti@ente.it>' }).smtp,
      { url: 'smtps://u:p@mail.ente.it:465', from: 'Comune <pagamenti@ente.it>' },
    );
    assert.match(problemsOf({ SMTP_URL: 'smtp://mail.ente.it' }).join('\n'), /SMTP_URL needs SMTP_FROM/);
    assert.match(problemsOf({ SMTP_FROM: 'a@b.it' }).join('\n'), /SMTP_FROM needs SMTP_URL/);
    const wrong = problemsOf({ SMTP_URL: 'http://u:secret@mail.ente.it', SMTP_FROM: 'nobody' });
    assert.equal(wrong.length, 2);
    assert.ok(!wrong.join('\n').includes('secret'), 'the password is not repeated in the message');
  });
});
