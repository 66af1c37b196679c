// The dashboard's periods are Rome's calendar: 23 hours on the day the clocks go forward, 25 on the
// day they go back, and months and years starting at Rome's midnight whatever UTC says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { periodsAt } from './periods.ts';

const hours = (p: { from: Date; to: Date }) => (p.to.getTime() - p.from.getTime()) / 3_600_000;

describe('dashboard periods', () => {
  it('the spring day is 23 hours, from midnight at +01:00 to midnight at +02:00', () => {
    const { day, month, year } = periodsAt(new Date('2026-03-29T21:55:00Z'));
    assert.equal(day.first, '2026-03-29');
    assert.equal(day.from.toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(day.to.toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal(hours(day), 23);
    assert.deepEqual([month.first, month.last], ['2026-03-01', '2026-03-31']);
    assert.equal(month.from.toISOString(), '2026-02-28T23:00:00.000Z');
    assert.equal(month.to.toISOString(), '2026-03-31T22:00:00.000Z');
    assert.deepEqual(
      [year.from.toISOString(), year.to.toISOString()],
      ['2025-12-31T23:00:00.000Z', '2026-12-31T23:00:00.000Z'],
    );
  });

  it('the autumn day is 25 hours; late evening UTC is already tomorrow in Rome', () => {
    const { day } = periodsAt(new Date('2026-10-25T12:00:00Z'));
    assert.equal(hours(day), 25);
    assert.equal(day.from.toISOString(), '2026-10-24T22:00:00.000Z');
    const { day: next, month } = periodsAt(new Date('2026-10-31T23:30:00Z'));
    assert.equal(next.first, '2026-11-01');
    assert.deepEqual([month.first, month.last], ['2026-11-01', '2026-11-30']);
  });

  it('February of a leap year ends on the 29th', () => {
    const { month } = periodsAt(new Date('2028-02-10T10:00:00Z'));
    assert.equal(month.last, '2028-02-29');
  });
});
