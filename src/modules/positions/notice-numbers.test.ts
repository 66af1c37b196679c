import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { MAX_RESERVE_AHEAD, noticeNumberPool, type PoolSource } from './notice-numbers.ts';

/** An entity's counter in memory, recording every reservation's size. */
function source(inUse: Set<string> = new Set(), exclude?: Set<string>) {
  let counter = 1;
  const reservations: number[] = [];
  const src: PoolSource = {
    entity: { id: 'e', segregationCode: '02' },
    async reserve(count) {
      reservations.push(count);
      const first = counter;
      counter += count;
      return first;
    },
    async inUse(lo, hi) {
      return [...inUse].filter((n) => n >= lo && n <= hi);
    },
    ...(exclude && { exclude }),
  };
  return { src, reservations, counter: () => counter };
}

const nav = (base: number) => buildNoticeNumber('02', BigInt(base));

describe('notice number pool', () => {
  it('a pool asked once reserves exactly what it needs', async () => {
    const { src, reservations } = source();
    const pool = noticeNumberPool(src);
    await pool.ensure(3);
    const got = [await pool.next(), await pool.next(), await pool.next()];
    assert.deepEqual(got, [nav(1), nav(2), nav(3)]);
    assert.deepEqual(reservations, [3]);
  });

  it('a pool that keeps asking doubles its reservations up to the cap, and never hands a number out twice', async () => {
    const { src, reservations } = source(new Set([nav(5), nav(2500)]), new Set([nav(7)]));
    const pool = noticeNumberPool(src);
    const seen = new Set<string>();
    for (let batch = 0; batch < 60; batch++) {
      await pool.ensure(1000);
      for (let i = 0; i < 1000; i++) {
        const n = await pool.next();
        assert.ok(!seen.has(n), `${n} handed out twice`);
        seen.add(n);
        assert.equal(pool.handedOut(n), true);
      }
    }
    assert.equal(seen.has(nav(5)) || seen.has(nav(2500)), false, 'a number in use was handed out');
    assert.equal(seen.has(nav(7)), false, 'a number the back office supplied was handed out');
    assert.equal(reservations[0], 1000);
    assert.deepEqual(reservations.slice(1, 5), [2000, 4000, 8000, 16000]);
    assert.ok(reservations.slice(5).every((size) => size === MAX_RESERVE_AHEAD));
    assert.ok(reservations.length < 10, `${reservations.length} reservations for 60 batches`);
    const unused = reservations.reduce((a, b) => a + b, 0) - 60_000 - 3;
    assert.ok(unused >= 0 && unused <= MAX_RESERVE_AHEAD, `${unused} bases left unused`);
    assert.equal(pool.handedOut(nav(5)), false);
  });
});
