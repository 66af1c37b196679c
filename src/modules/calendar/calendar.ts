// The citizen's due dates, pure: which instalments are calendar events, how they group (overdue,
// upcoming), the month grid, and the reminder preferences with their rules.
//
// A due date is an instalment the statement counts as still owed (its reference option, see
// statements/statement.ts): to pay, overdue, or not yet payable. So the calendar never shows the
// same debt twice (pay in full and the first instalment on the same day); the other ways to pay
// are on the position's page each event links to. Paid, cancelled, expired and "senza scadenza"
// instalments are not events.
import { addDays, compareIsoDate, type IsoDate } from '../../shared/dates.ts';
import type { Cents } from '../../shared/money.ts';
import { NO_DUE_DATE_FROM } from '../notices/notice.ts';
import type { RowState, Statement } from '../statements/statement.ts';

export type DueState = Extract<RowState, 'TO_PAY' | 'OVERDUE' | 'NOT_YET_PAYABLE'>;
const OPEN: readonly RowState[] = ['TO_PAY', 'OVERDUE', 'NOT_YET_PAYABLE'];

export interface DueDate {
  entity: { name: string; fiscalCode: string };
  iupd: string;
  subject: string;
  nav: string;
  description: string;
  amountCents: Cents;
  dueDate: IsoDate;
  state: DueState;
  installmentNumber: number;
  installmentCount: number;
}

/** The open, dated instalments of a statement, by due date. */
export function dueDatesOf(statement: Statement): DueDate[] {
  const dates: DueDate[] = [];
  for (const position of statement.positions) {
    for (const row of position.rows) {
      if (!row.counted || !OPEN.includes(row.state) || row.dueDate >= NO_DUE_DATE_FROM) continue;
      dates.push({
        entity: statement.entity,
        iupd: position.iupd,
        subject: position.subject,
        nav: row.nav,
        description: row.description,
        amountCents: row.amountCents,
        dueDate: row.dueDate,
        state: row.state as DueState,
        installmentNumber: row.installmentNumber,
        installmentCount: row.installmentCount,
      });
    }
  }
  return sortDueDates(dates);
}

export function sortDueDates(dates: DueDate[]): DueDate[] {
  return dates.sort(
    (a, b) =>
      compareIsoDate(a.dueDate, b.dueDate) ||
      a.entity.fiscalCode.localeCompare(b.entity.fiscalCode) ||
      a.nav.localeCompare(b.nav),
  );
}

/** Overdue (the day has passed) and upcoming (today or later), each by date. */
export function groupDueDates(dates: readonly DueDate[], today: IsoDate) {
  return {
    overdue: dates.filter((d) => compareIsoDate(d.dueDate, today) < 0),
    upcoming: dates.filter((d) => compareIsoDate(d.dueDate, today) >= 0),
  };
}

/** A month as `YYYY-MM`, years 2000–2098 (a calendar page, not an archive of every century). */
export type Month = string & { readonly __brand: 'Month' };

export function parseMonth(text: unknown): Month | null {
  if (typeof text !== 'string') return null;
  const match = /^(20\d\d)-(0[1-9]|1[0-2])$/.exec(text);
  return match && match[1] !== '2099' ? (text as Month) : null;
}

export const monthOf = (date: IsoDate) => date.slice(0, 7) as Month;

export function shiftMonth(month: Month, by: number): Month {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}` as Month;
}

export interface DayCell {
  date: IsoDate;
  day: number;
  today: boolean;
  events: DueDate[];
}

/** The weeks of a month, Monday first; days of the neighbouring months are null. */
export function monthGrid(month: Month, dates: readonly DueDate[], today: IsoDate): (DayCell | null)[][] {
  const first = `${month}-01` as IsoDate;
  // getUTCDay: 0 is Sunday; Italian calendars start on Monday.
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (DayCell | null)[] = Array.from({ length: lead }, () => null);
  for (let date = first; monthOf(date) === month; date = addDays(date, 1)) {
    cells.push({
      date,
      day: Number(date.slice(8, 10)),
      today: date === today,
      events: dates.filter((d) => d.dueDate === date),
    });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

export const REMINDER_DAYS = [1, 3, 7, 15] as const;

export interface ReminderPreferences {
  /** Days before each due date, ascending; empty: no reminders. */
  daysBefore: number[];
  byEmail: boolean;
  bySms: boolean;
}

export const NO_REMINDERS: ReminderPreferences = { daysBefore: [], byEmail: false, bySms: false };

export type ReminderProblem = 'unknownDay' | 'unknownChannel' | 'channelWithoutDay' | 'noEmail' | 'noMobile';

/**
 * The reminder form as sent, or the problems with it. Each checkbox has a name of its own
 * (`giorni-7`, `email`, `sms`) with the value `si`: a form sends only the ticked ones.
 */
export function parseReminderForm(
  body: Record<string, unknown>,
): { ok: true; value: ReminderPreferences } | { ok: false; problems: { field: string; problem: ReminderProblem }[] } {
  const ticked = (name: string) => body[name] !== undefined;
  const problems: { field: string; problem: ReminderProblem }[] = [];
  const dayFields = Object.keys(body).filter((k) => k.startsWith('giorni'));
  const isDay = (k: string) => REMINDER_DAYS.some((d) => k === `giorni-${d}`) && body[k] === 'si';
  if (!dayFields.every(isDay)) problems.push({ field: `giorni-${REMINDER_DAYS[0]}`, problem: 'unknownDay' });
  if (!['email', 'sms'].every((c) => !ticked(c) || body[c] === 'si'))
    problems.push({ field: 'email', problem: 'unknownChannel' });
  const daysBefore = REMINDER_DAYS.filter((d) => ticked(`giorni-${d}`));
  const byEmail = ticked('email');
  const bySms = ticked('sms');
  if (problems.length === 0 && daysBefore.length === 0 && (byEmail || bySms))
    problems.push({ field: `giorni-${REMINDER_DAYS[0]}`, problem: 'channelWithoutDay' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { daysBefore, byEmail, bySms } };
}

/** Channels chosen without the confirmed contact (from the profile) they would send to. */
export function contactProblems(
  preferences: ReminderPreferences,
  contacts: { email: string | undefined; mobile: string | undefined },
): { field: string; problem: ReminderProblem }[] {
  const problems: { field: string; problem: ReminderProblem }[] = [];
  if (preferences.byEmail && !contacts.email) problems.push({ field: 'email', problem: 'noEmail' });
  if (preferences.bySms && !contacts.mobile) problems.push({ field: 'sms', problem: 'noMobile' });
  return problems;
}

export const samePreferences = (a: ReminderPreferences, b: ReminderPreferences) =>
  a.byEmail === b.byEmail && a.bySms === b.bySms && a.daysBefore.join() === b.daysBefore.join();
