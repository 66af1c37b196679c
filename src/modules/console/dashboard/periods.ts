// The dashboard's periods: today, this month and this year as calendar days in Rome. A period is both
// a range of instants (for receipts: paid_at ≥ from and < to, the Rome midnights — 23 or 25 hours
// apart on the days the clocks change, which Intl works out) and a range of dates (for due dates:
// first…last, inclusive). Pure.
import { addDays, type IsoDate, parseInstant, todayInRome } from '../../../shared/dates.ts';

export const PERIODS = ['day', 'month', 'year'] as const;
export type PeriodKey = (typeof PERIODS)[number];

export interface Period {
  key: PeriodKey;
  /** First and last calendar day (inclusive). */
  first: IsoDate;
  last: IsoDate;
  /** The instants of Rome's midnight at the start of `first` and after `last`. */
  from: Date;
  to: Date;
}

/** The instant of midnight in Rome at the start of `date` (midnight always exists there). */
export const romeMidnight = (date: IsoDate): Date => parseInstant(`${date}T00:00:00`)!;

function period(key: PeriodKey, first: IsoDate, last: IsoDate): Period {
  return { key, first, last, from: romeMidnight(first), to: romeMidnight(addDays(last, 1)) };
}

const monthEnd = (year: number, month: number): IsoDate => {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return addDays(next as IsoDate, -1);
};

/** Today, this month and this year in Rome at the instant `now`. */
export function periodsAt(now: Date): Record<PeriodKey, Period> {
  const today = todayInRome(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return {
    day: period('day', today, today),
    month: period('month', `${today.slice(0, 7)}-01` as IsoDate, monthEnd(year, month)),
    year: period('year', `${year}-01-01` as IsoDate, `${year}-12-31` as IsoDate),
  };
}
