// Who the notice limiter counts: an IPv4 address as it is, an IPv6 client by its /64 (one subscriber's
// block, which an attacker could otherwise walk address by address), IPv4-mapped IPv6 as IPv4.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey } from './notice-access.ts';

describe('addressKey', () => {
  it('keeps IPv4 addresses, and reads IPv4-mapped IPv6 as IPv4', () => {
    assert.equal(addressKey('203.0.113.7'), 'address:203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), 'address:203.0.113.7');
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    const key = 'address:2001:db8:0:1::/64';
    assert.equal(addressKey('2001:db8:0:1::1'), key);
    assert.equal(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff'), key);
    assert.equal(addressKey('2001:DB8:0:1:a::b'), key);
    assert.notEqual(addressKey('2001:db8:0:2::1'), key);
    assert.equal(addressKey('::1'), 'address:0:0:0:0::/64');
    assert.equal(addressKey('2001:db8::'), 'address:2001:db8:0:0::/64');
  });
});
