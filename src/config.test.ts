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
});
