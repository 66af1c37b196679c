import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTEMPT_STATUSES,
  type AttemptStatus,
  canTransitionAttempt,
  holdsUntil,
  isLive,
  mayResume,
  RETURN_OUTCOMES,
  statusAfterReturn,
  UNKNOWN_GRACE_MS,
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

describe('who may take a live attempt up again', () => {
  const portal = { browserTag: 'tag-a', requestedBy: 'citizen:anonymous' };
  const api = { browserTag: null, requestedBy: 'apikey:1' };

  it('the browser that started it, or the API caller that did; nobody else', () => {
    assert.equal(mayResume(portal, { actorId: 'citizen:anonymous', browserTag: 'tag-a' }), true);
    assert.equal(mayResume(portal, { actorId: 'citizen:anonymous', browserTag: 'tag-b' }), false);
    assert.equal(mayResume(portal, { actorId: 'citizen:anonymous' }), false, 'no tag: never a portal attempt');
    assert.equal(mayResume(api, { actorId: 'apikey:1' }), true);
    assert.equal(mayResume(api, { actorId: 'apikey:2' }), false);
    assert.equal(mayResume(api, { actorId: 'apikey:1', browserTag: 'tag-a' }), false, 'a browser never gets the API’s');
  });

  it('holds its notices until it expires, and for the grace of an unknown outcome after that', () => {
    const expiresAt = new Date('2026-06-15T10:30:00Z');
    assert.equal(holdsUntil({ status: 'STARTED', expiresAt }).toISOString(), '2026-06-15T10:30:00.000Z');
    assert.equal(holdsUntil({ status: 'UNKNOWN', expiresAt }).getTime(), expiresAt.getTime() + UNKNOWN_GRACE_MS);
  });
});
