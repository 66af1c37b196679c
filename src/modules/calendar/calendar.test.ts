// The calendar's rules: which instalments are events, overdue and upcoming, the month grid, and
// the reminder form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../../shared/dates.ts';
import type { Cents } from '../../shared/money.ts';
import type { Statement, StatementRow } from '../statements/statement.ts';
import { dueDatesOf, groupDueDates, monthGrid, parseMonth, parseReminderForm, shiftMonth } from './calendar.ts';

const row = (nav: string, dueDate: string, state: StatementRow['state'], counted = true): StatementRow => ({
  optionIndex: 0,
  installmentNumber: 1,
  installmentCount: 1,
  nav,
  description: 'TARI',
  dueDate: dueDate as IsoDate,
  amountCents: 1000 as Cents,
  state,
  paidOn: null,
  counted,
});

const statement = (rows: StatementRow[]): Statement => ({
  entity: { name: 'Comune', fiscalCode: '80016350821' },
  debtor: { fiscalCode: 'RSSMRA80A01H501U', name: null },
  date: '2026-06-15' as IsoDate,
  positions: [
    { iupd: 'P', subject: 'TARI', state: 'TO_PAY', rows, dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 },
  ],
  totals: { dueCents: 0, overdueCents: 0, paidCents: 0, expiredCents: 0 },
});

describe('due dates', () => {
  it('are the open, counted, dated instalments, by date', () => {
    const dates = dueDatesOf(
      statement([
        row('3', '2026-09-30', 'TO_PAY'),
        row('1', '2026-05-31', 'OVERDUE'),
        row('2', '2026-07-31', 'NOT_YET_PAYABLE'),
        row('4', '2026-08-31', 'PAID'),
        row('5', '2026-08-31', 'EXPIRED', false),
        row('6', '2026-08-31', 'CANCELLED', false),
        row('7', '2026-08-31', 'NOT_DUE', false),
        // Another way to pay the same debt: not counted, so not an event.
        row('8', '2026-08-31', 'TO_PAY', false),
        // "Senza scadenza".
        row('9', '2099-12-31', 'TO_PAY'),
        row('10', '2100-01-01', 'TO_PAY'),
      ]),
    );
    assert.deepEqual(
      dates.map((d) => d.nav),
      ['1', '2', '3'],
    );
    const { overdue, upcoming } = groupDueDates(dates, '2026-06-15' as IsoDate);
    assert.deepEqual([overdue.map((d) => d.nav), upcoming.map((d) => d.nav)], [['1'], ['2', '3']]);
    // A due date of today is upcoming: it can still be paid on time.
    assert.equal(groupDueDates(dates, '2026-05-31' as IsoDate).upcoming[0]!.nav, '1');
  });
});

describe('months', () => {
  it('accepts YYYY-MM from 2000 to 2098 only', () => {
    for (const ok of ['2000-01', '2026-06', '2098-12']) assert.equal(parseMonth(ok), ok);
    for (const bad of ['2026-13', '2026-00', '2026-6', '1999-12', '2099-01', '2026-06-01', '', undefined, ['2026-06']])
      assert.equal(parseMonth(bad), null, String(bad));
  });

  it('moves across years', () => {
    assert.equal(shiftMonth('2026-12' as never, 1), '2027-01');
    assert.equal(shiftMonth('2026-01' as never, -1), '2025-12');
  });

  it('lays a month out in weeks from Monday, with the events on their days', () => {
    const dates = dueDatesOf(statement([row('1', '2026-06-30', 'TO_PAY'), row('2', '2026-07-01', 'TO_PAY')]));
    // June 2026 begins on a Monday and has 30 days: five weeks, the last one ending in blanks.
    const june = monthGrid('2026-06' as never, dates, '2026-06-15' as IsoDate);
    assert.equal(june.length, 5);
    assert.equal(june[0]![0]!.day, 1);
    assert.equal(june[4]![1]!.day, 30);
    assert.equal(june[4]![2], null);
    assert.deepEqual(
      june[4]![1]!.events.map((e) => e.nav),
      ['1'],
    );
    assert.equal(june.flat().filter((c) => c?.today).length, 1);
    assert.equal(june[2]![0]!.today, true);
    // February 2027 begins on a Monday and has 28 days: exactly four weeks.
    assert.equal(monthGrid('2027-02' as never, [], '2026-06-15' as IsoDate).length, 4);
    // March 2026 begins on a Sunday: six blanks first, six weeks in all.
    const march = monthGrid('2026-03' as never, [], '2026-06-15' as IsoDate);
    assert.deepEqual(march[0]!.slice(0, 6), [null, null, null, null, null, null]);
    assert.equal(march[0]![6]!.day, 1);
    assert.equal(march.length, 6);
  });
});

describe('the reminder form', () => {
  it('reads ticked days and channels', () => {
    assert.deepEqual(parseReminderForm({ 'giorni-7': 'si', 'giorni-1': 'si', email: 'si' }), {
      ok: true,
      value: { daysBefore: [1, 7], byEmail: true, bySms: false },
    });
    assert.deepEqual(parseReminderForm({}), { ok: true, value: { daysBefore: [], byEmail: false, bySms: false } });
    // Days without a channel: the alerts of the calendar app only.
    assert.deepEqual(parseReminderForm({ 'giorni-15': 'si' }), {
      ok: true,
      value: { daysBefore: [15], byEmail: false, bySms: false },
    });
  });

  it('refuses days and channels it did not offer, and a channel without a day', () => {
    const problems = (body: Record<string, string>) => {
      const parsed = parseReminderForm(body);
      return parsed.ok ? [] : parsed.problems.map((p) => p.problem);
    };
    assert.deepEqual(problems({ 'giorni-2': 'si' }), ['unknownDay']);
    assert.deepEqual(problems({ 'giorni-7': 'yes' }), ['unknownDay']);
    assert.deepEqual(problems({ giorni: '7' }), ['unknownDay']);
    assert.deepEqual(problems({ 'giorni-7': 'si', email: 'x' }), ['unknownChannel']);
    assert.deepEqual(problems({ sms: 'si' }), ['channelWithoutDay']);
    assert.deepEqual(problems({ email: 'si', sms: 'si' }), ['channelWithoutDay']);
  });
});
