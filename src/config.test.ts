import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
      'MIGRATION_DATABASE_URL needs DATABASE_URL: the embedded database sets up its two roles itself',
    ]);
  });

  it('creates the admin credential at the first start unless CASSA_CREATE_ADMIN_KEY is false', () => {
    assert.equal(loadConfig({}).createAdminKey, true);
    assert.equal(loadConfig({ CASSA_CREATE_ADMIN_KEY: 'false' }).createAdminKey, false);
    assert.throws(
      () => loadConfig({ CASSA_CREATE_ADMIN_KEY: 'maybe' }),
      /CASSA_CREATE_ADMIN_KEY must be true or false/,
    );
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
