// Which errors say "the database cannot be reached just now" (answered 503) and which do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDatabaseUnavailable } from './connection-errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises cut, refused and timed-out connections and a server going away', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08003', '08001', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE']) {
      assert.ok(isDatabaseUnavailable(withCode(code)), code);
    }
    assert.ok(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')));
    assert.ok(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')));
    assert.ok(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect failed')));
    assert.ok(isDatabaseUnavailable(new Error('query failed', { cause: withCode('57P01') })));
  });

  it('leaves every other error alone (they stay 4xx or 500)', () => {
    for (const code of ['23505', '40001', '22P02', '42P01', 'ENOENT']) {
      assert.equal(isDatabaseUnavailable(withCode(code)), false, code);
    }
    assert.equal(isDatabaseUnavailable(new Error('boom')), false);
    assert.equal(isDatabaseUnavailable(undefined), false);
    assert.equal(isDatabaseUnavailable('Connection terminated'), false);
  });
});
