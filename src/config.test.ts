import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs everything embedded by default, with the demo on', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.demo, true);
    assert.match(config.dataDir, /data$/);
    assert.ok(Object.isFrozen(config));
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

  it('PUBLIC_URL: http://localhost:<PORT> by default, any http(s) URL without a trailing slash', () => {
    assert.equal(loadConfig({}).publicUrl, 'http://localhost:3000');
    assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://pagamenti.comune.it/' }).publicUrl, 'https://pagamenti.comune.it');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://ente.it/cassa/' }).publicUrl, 'https://ente.it/cassa');
    for (const bad of ['ftp://ente.it', 'pagamenti.comune.it', 'https://ente.it/?a=1', 'https://u:p@ente.it']) {
      assert.throws(() => loadConfig({ PUBLIC_URL: bad }), /PUBLIC_URL/, bad);
    }
  });

  it('the pagoPA station: open by default; IP allow-list, client certificate by TLS or proxy', () => {
    const open = loadConfig({}).pagopa;
    assert.deepEqual(open.allowedIps, []);
    assert.equal(open.clientCert, 'off');
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

  it('online payments: the sandbox unless a real Checkout is configured, never both; ACA in pairs', () => {
    assert.equal(loadConfig({}).sandbox, true);
    assert.equal(loadConfig({}).checkout, undefined);
    const real = loadConfig({
      PAGOPA_CHECKOUT_URL: 'https://api.platform.pagopa.it/checkout/ec/v2',
      PAGOPA_CHECKOUT_KEY: 'k',
    });
    assert.equal(real.sandbox, false);
    assert.equal(real.checkout?.url, 'https://api.platform.pagopa.it/checkout/ec/v2');
    assert.equal(loadConfig({ CASSA_SANDBOX: 'false' }).sandbox, false);
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
