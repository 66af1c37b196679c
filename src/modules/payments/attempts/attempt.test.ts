import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTEMPT_STATUSES,
  type AttemptStatus,
  canTransitionAttempt,
  isLive,
  RETURN_OUTCOMES,
  statusAfterReturn,
} from './attempt.ts';

// The allowed changes, written out once more by hand: the table in attempt.ts must say exactly this.
const ALLOWED = new Set([
  'CREATED→STARTED',
  'CREATED→UNKNOWN',
  'CREATED→FAILED',
  'CREATED→SUCCEEDED',
  'CREATED→EXPIRED',
  'STARTED→UNKNOWN',
  'STARTED→FAILED',
  'STARTED→SUCCEEDED',
  'STARTED→EXPIRED',
  'UNKNOWN→FAILED',
  'UNKNOWN→SUCCEEDED',
  'UNKNOWN→EXPIRED',
  'FAILED→SUCCEEDED',
  'EXPIRED→SUCCEEDED',
]);

describe('payment attempt transitions', () => {
  for (const from of ATTEMPT_STATUSES) {
    for (const to of ATTEMPT_STATUSES) {
      const expected = ALLOWED.has(`${from}→${to}`);
      it(`${from} → ${to}: ${expected ? 'allowed' : 'refused'}`, () => {
        assert.equal(canTransitionAttempt(from, to), expected);
      });
    }
  }

  it('a receipt always wins: every status but SUCCEEDED can become SUCCEEDED, and SUCCEEDED is final', () => {
    for (const status of ATTEMPT_STATUSES) {
      assert.equal(canTransitionAttempt(status, 'SUCCEEDED'), status !== 'SUCCEEDED', status);
    }
    assert.deepEqual(
      ATTEMPT_STATUSES.filter((to) => canTransitionAttempt('SUCCEEDED', to)),
      [],
    );
  });

  it('only CREATED, STARTED and UNKNOWN hold their notices; nothing goes back to them once ended', () => {
    const live: AttemptStatus[] = ATTEMPT_STATUSES.filter(isLive);
    assert.deepEqual(live, ['CREATED', 'STARTED', 'UNKNOWN']);
    for (const ended of ATTEMPT_STATUSES.filter((s) => !isLive(s))) {
      for (const to of live) assert.equal(canTransitionAttempt(ended, to), false, `${ended} → ${to}`);
    }
  });

  it('coming back ok or waiting means "wait for the receipt"; cancel and error end the attempt', () => {
    assert.deepEqual(
      RETURN_OUTCOMES.map((o) => [o, statusAfterReturn(o)]),
      [
        ['ok', 'UNKNOWN'],
        ['cancel', 'FAILED'],
        ['error', 'FAILED'],
        ['waiting', 'UNKNOWN'],
      ],
    );
  });
});
