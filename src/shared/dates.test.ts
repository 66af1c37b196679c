import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  compareIsoDate,
  dateFromDateTimeText,
  endOfDayRome,
  formatItalianDate,
  type IsoDate,
  parseDateLoose,
  parseInstant,
  parseIsoDate,
  parseItalianDate,
  romeTimeOfDay,
  todayInRome,
} from './dates.ts';

const d = (text: string) => text as IsoDate;
const iso = (text: string) => parseInstant(text)?.toISOString() ?? null;

describe('parseIsoDate', () => {
  it('accepts real calendar dates, including 29 February in leap years', () => {
    assert.equal(parseIsoDate('2026-12-31'), '2026-12-31');
    assert.equal(parseIsoDate('2028-02-29'), '2028-02-29');
    assert.equal(parseIsoDate('2000-02-29'), '2000-02-29');
    assert.equal(parseIsoDate('0001-01-01'), '0001-01-01');
  });

  it('rejects impossible dates and other shapes', () => {
    for (const text of [
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-5',
      '26-01-05',
      ' 2026-01-05',
      '2026-01-05T00:00:00',
      '31/12/2026',
      '',
    ]) {
      assert.equal(parseIsoDate(text), null, text);
    }
  });
});

describe('parseItalianDate / parseDateLoose', () => {
  it('reads DD/MM/YYYY and D/M/YYYY', () => {
    assert.equal(parseItalianDate('31/12/2026'), '2026-12-31');
    assert.equal(parseItalianDate('5/3/2026'), '2026-03-05');
    assert.equal(parseItalianDate('29/02/2028'), '2028-02-29');
  });

  it('rejects impossible dates, two-digit years and month-first order', () => {
    for (const text of ['29/02/2026', '31/04/2026', '12/31/2026', '31/12/26', '031/12/2026', '31-12-2026', '']) {
      assert.equal(parseItalianDate(text), null, text);
    }
  });

  it('accepts either form with surrounding white space', () => {
    assert.equal(parseDateLoose(' 2026-12-31 '), '2026-12-31');
    assert.equal(parseDateLoose('\t1/2/2026'), '2026-02-01');
    assert.equal(parseDateLoose('2026/12/31'), null);
    assert.equal(parseDateLoose('domani'), null);
  });
});

describe('dateFromDateTimeText', () => {
  it('keeps the date as written, whatever the offset', () => {
    // 23:59:59.999Z is already 1 January in Rome, but GPD means the 31st.
    assert.equal(dateFromDateTimeText('2026-12-31T23:59:59.999Z'), '2026-12-31');
    assert.equal(dateFromDateTimeText('2026-12-31T00:00:00'), '2026-12-31');
    assert.equal(dateFromDateTimeText('2026-12-31T10:00:00+01:00'), '2026-12-31');
    assert.equal(dateFromDateTimeText('2026-01-01T00:30:00-05:00'), '2026-01-01');
    assert.equal(dateFromDateTimeText('2026-12-31'), '2026-12-31');
  });

  it('rejects anything that is not a whole RFC 3339 date-time or date', () => {
    for (const text of [
      '2026-02-30T10:00:00Z',
      '2026-12-31T24:00:00',
      '2026-12-31T10:60:00',
      '2026-12-31T10:00:60Z',
      '2026-12-31T10:00',
      '2026-12-31T10:00:00+0100',
      '2026-12-31T10:00:00+24:00',
      '2026-12-31T10:00:00.Z',
      '2026-12-31T10:00:00Z trailing',
      '31/12/2026',
    ]) {
      assert.equal(dateFromDateTimeText(text), null, text);
    }
  });
});

describe('parseInstant', () => {
  it('honours explicit offsets and fractions of a second', () => {
    assert.equal(iso('2026-12-31T23:59:59.999Z'), '2026-12-31T23:59:59.999Z');
    assert.equal(iso('2026-12-31T10:00:00+01:00'), '2026-12-31T09:00:00.000Z');
    assert.equal(iso('2026-07-01T10:00:00.5-02:30'), '2026-07-01T12:30:00.500Z');
    assert.equal(iso('2026-07-01t10:00:00.123456z'), '2026-07-01T10:00:00.123Z');
  });

  it('reads times without an offset as Rome wall-clock time, winter and summer', () => {
    assert.equal(iso('2026-12-31T00:00:00'), '2026-12-30T23:00:00.000Z');
    assert.equal(iso('2026-07-31T23:59:59'), '2026-07-31T21:59:59.000Z');
    assert.equal(iso('2026-07-01T10:00:00'), '2026-07-01T08:00:00.000Z');
    assert.equal(iso('2026-01-15T10:00:00'), '2026-01-15T09:00:00.000Z');
  });

  it('reads a Java LocalDateTime as GPD writes it, fractions of a second included', () => {
    assert.equal(iso('2028-12-31T23:59:59'), '2028-12-31T22:59:59.000Z');
    assert.equal(iso('2028-12-31T23:59:59.123'), '2028-12-31T22:59:59.123Z');
    assert.equal(iso('2028-06-30T23:59:59.123456789'), '2028-06-30T21:59:59.123Z');
    assert.equal(iso('2028-06-30T23:59:59.5'), '2028-06-30T21:59:59.500Z');
  });

  it('keeps an explicit offset whatever the Rome offset of that day', () => {
    assert.equal(iso('2026-07-01T10:00:00+00:00'), '2026-07-01T10:00:00.000Z');
    assert.equal(iso('2026-07-01T10:00:00+01:00'), '2026-07-01T09:00:00.000Z');
    assert.equal(iso('2026-01-15T10:00:00+02:00'), '2026-01-15T08:00:00.000Z');
    assert.equal(iso('2026-01-15T10:00:00.250-05:00'), '2026-01-15T15:00:00.250Z');
  });

  it('refuses what is not a date-time with a real date and time', () => {
    for (const text of [
      '2028-12-31T24:00:00',
      '2028-12-31T23:60:00',
      '2028-12-31T23:59',
      '2028-12-32T10:00:00',
      '2028-12-31T10:00:00+1:00',
      '2028-12-31T10:00:00.',
      '31/12/2028 10:00:00',
      'yesterday',
      '',
    ]) {
      assert.equal(parseInstant(text), null, text);
    }
  });

  it('handles the spring-forward Sunday (29 March 2026, 02:00 → 03:00)', () => {
    assert.equal(iso('2026-03-29T01:59:59'), '2026-03-29T00:59:59.000Z');
    assert.equal(iso('2026-03-29T03:00:00'), '2026-03-29T01:00:00.000Z');
    // 02:30 never happens in Rome that night: it moves forward to 03:30 CEST.
    assert.equal(iso('2026-03-29T02:30:00'), '2026-03-29T01:30:00.000Z');
  });

  it('handles the fall-back Sunday (25 October 2026, 03:00 → 02:00)', () => {
    assert.equal(iso('2026-10-25T01:59:59'), '2026-10-24T23:59:59.000Z');
    // 02:30 happens twice; the first (CEST) one is taken.
    assert.equal(iso('2026-10-25T02:30:00'), '2026-10-25T00:30:00.000Z');
    assert.equal(iso('2026-10-25T03:00:00'), '2026-10-25T02:00:00.000Z');
  });

  it('needs a time: a plain date is not an instant', () => {
    assert.equal(parseInstant('2026-12-31'), null);
    assert.equal(parseInstant('2026-02-29T10:00:00Z'), null);
  });
});

describe('endOfDayRome', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    assert.equal(endOfDayRome(d('2026-12-31')), '2026-12-31T23:59:59+01:00');
    assert.equal(endOfDayRome(d('2026-07-31')), '2026-07-31T23:59:59+02:00');
  });

  it('switches offset exactly on the DST Sundays', () => {
    assert.equal(endOfDayRome(d('2026-03-28')), '2026-03-28T23:59:59+01:00');
    assert.equal(endOfDayRome(d('2026-03-29')), '2026-03-29T23:59:59+02:00');
    assert.equal(endOfDayRome(d('2026-10-24')), '2026-10-24T23:59:59+02:00');
    assert.equal(endOfDayRome(d('2026-10-25')), '2026-10-25T23:59:59+01:00');
  });

  it('is read back by parseInstant as the same instant as Rome wall-clock 23:59:59', () => {
    const text = endOfDayRome(d('2026-03-29'));
    assert.equal(parseInstant(text)?.getTime(), parseInstant('2026-03-29T23:59:59')?.getTime());
  });
});

describe('todayInRome', () => {
  it('follows Rome midnight, not UTC midnight', () => {
    assert.equal(todayInRome(new Date('2026-12-31T22:59:59Z')), '2026-12-31');
    assert.equal(todayInRome(new Date('2026-12-31T23:00:00Z')), '2027-01-01');
    assert.equal(todayInRome(new Date('2026-07-31T21:59:59Z')), '2026-07-31');
    assert.equal(todayInRome(new Date('2026-07-31T22:00:00Z')), '2026-08-01');
  });
});

describe('romeTimeOfDay', () => {
  it('is the time on Rome’s clocks, summer and winter', () => {
    assert.equal(romeTimeOfDay(new Date('2026-06-15T10:30:59Z')), '12:30');
    assert.equal(romeTimeOfDay(new Date('2026-12-31T23:05:00Z')), '00:05');
    assert.equal(romeTimeOfDay(new Date('2026-01-10T08:00:00Z')), '09:00');
  });
});

describe('compareIsoDate / addDays / formatItalianDate', () => {
  it('orders dates', () => {
    assert.equal(compareIsoDate(d('2026-01-31'), d('2026-02-01')), -1);
    assert.equal(compareIsoDate(d('2026-02-01'), d('2026-01-31')), 1);
    assert.equal(compareIsoDate(d('2026-02-01'), d('2026-02-01')), 0);
  });

  it('adds days across months, leap days and years, in both directions', () => {
    assert.equal(addDays(d('2026-12-31'), 1), '2027-01-01');
    assert.equal(addDays(d('2028-02-28'), 1), '2028-02-29');
    assert.equal(addDays(d('2026-02-28'), 1), '2026-03-01');
    assert.equal(addDays(d('2026-03-01'), -1), '2026-02-28');
    assert.equal(addDays(d('2026-03-28'), 2), '2026-03-30');
    assert.equal(addDays(d('2026-01-01'), 365), '2027-01-01');
    assert.equal(addDays(d('0050-01-01'), -1), '0049-12-31');
    assert.throws(() => addDays(d('9999-12-31'), 1), RangeError);
    assert.throws(() => addDays(d('2026-01-01'), 0.5), RangeError);
  });

  it('adding n then -n days gives the date back (property)', () => {
    const dates = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => d(date.toISOString().slice(0, 10)));
    fc.assert(
      fc.property(dates, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        const moved = addDays(date, n);
        assert.notEqual(parseIsoDate(moved), null);
        assert.equal(Math.sign(compareIsoDate(moved, date)), Math.sign(n));
        assert.equal(addDays(moved, -n), date);
      }),
    );
  });

  it('formats DD/MM/YYYY and parseItalianDate reads it back', () => {
    assert.equal(formatItalianDate(d('2026-12-31')), '31/12/2026');
    assert.equal(formatItalianDate(d('2026-03-05')), '05/03/2026');
    assert.equal(parseItalianDate(formatItalianDate(d('2028-02-29'))), '2028-02-29');
  });
});
