import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coalescedRuns } from './coalesced-runs.ts';

describe('coalescedRuns', () => {
  it('never runs twice at once; kicks during a run make exactly one more run', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let release: () => void = () => {};
    const runner = coalescedRuns(async () => {
      active++;
      most = Math.max(most, active);
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      active--;
    });
    runner.kick();
    runner.kick();
    runner.kick();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await runner.settled();
    assert.equal(runs, 2);
    assert.equal(most, 1);
  });

  it('a failing run does not reject the kick, and the next kick runs again', async () => {
    let runs = 0;
    const runner = coalescedRuns(async () => {
      runs++;
      throw new Error('peer down');
    });
    runner.kick();
    await runner.settled();
    runner.kick();
    await runner.settled();
    assert.equal(runs, 2);
  });
});
