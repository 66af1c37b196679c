import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FingerprintSet } from './fingerprint-set.ts';

describe('FingerprintSet', () => {
  it('behaves like a Map that keeps the first value of each key (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.nat({ max: 2 ** 32 - 1 })), { maxLength: 300 }), (entries) => {
        const set = new FingerprintSet();
        const map = new Map<string, number>();
        for (const [key, value] of entries) {
          set.set(key, value);
          if (!map.has(key)) map.set(key, value);
        }
        assert.equal(set.size, map.size);
        for (const [key, value] of map) assert.equal(set.get(key), value);
        assert.equal(set.get('\u0000never-added\u0000'), map.get('\u0000never-added\u0000'));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows past its first table and tells a million similar keys apart', () => {
    const set = new FingerprintSet();
    for (let i = 0; i < 1_000_000; i++) set.set(`TARI-2027-${String(i).padStart(8, '0')}`, i + 2);
    assert.equal(set.size, 1_000_000);
    assert.equal(set.get('TARI-2027-00000000'), 2);
    assert.equal(set.get('TARI-2027-00999999'), 1_000_001);
    assert.equal(set.has('TARI-2027-01000000'), false);
  });
});
