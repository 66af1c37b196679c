// The pagoPA station's access settings and the outbound calls' timeouts, as loadConfig reads them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.ts';
import { problemsOf } from './problems.test-support.ts';

describe('loadConfig: the station and outbound calls', () => {
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
});
