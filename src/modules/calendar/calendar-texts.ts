// The words of the iCalendar files, in Italian and English: calendar apps fetch the feed without a
// cookie, so the feed keeps the language the citizen had when they made its address.
import { formatItalianDate } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { type Cents, formatEuroIt } from '../../shared/money.ts';
import type { DueDate } from './calendar.ts';

export type CalendarLanguage = 'it' | 'en';

const TEXTS = {
  it: {
    calendarName: 'Scadenze pagoPA',
    calendarDescription: 'Le scadenze dei tuoi avvisi di pagamento pagoPA ancora da pagare.',
    summary: (d: DueDate) => `Scadenza: ${d.subject}`,
    instalment: (n: number, of: number) => `rata ${n} di ${of}`,
    amount: 'Importo',
    noticeNumber: 'Codice avviso',
    creditor: 'Ente creditore',
    dueDate: 'Scadenza',
    alarm: (days: number, d: DueDate) =>
      `${days === 1 ? 'Domani' : `Tra ${days} giorni`} scade ${d.subject} (${euro(d.amountCents)})`,
  },
  en: {
    calendarName: 'pagoPA due dates',
    calendarDescription: 'The due dates of your pagoPA payment notices still to pay.',
    summary: (d: DueDate) => `Due: ${d.subject}`,
    instalment: (n: number, of: number) => `instalment ${n} of ${of}`,
    amount: 'Amount',
    noticeNumber: 'Notice number',
    creditor: 'Creditor',
    dueDate: 'Due date',
    alarm: (days: number, d: DueDate) =>
      `${d.subject} (${euro(d.amountCents)}) is due ${days === 1 ? 'tomorrow' : `in ${days} days`}`,
  },
} as const;

// Intl's non-breaking space before € is kept: it is valid UTF-8 TEXT and reads better than a plain one.
const euro = (cents: Cents) => formatEuroIt(cents);

export type CalendarTexts = ReturnType<typeof calendarTexts>;

export function calendarTexts(lang: CalendarLanguage) {
  const t = TEXTS[lang];
  return {
    calendarName: t.calendarName,
    calendarDescription: t.calendarDescription,
    alarm: t.alarm,
    summary: (d: DueDate) =>
      d.installmentCount > 1
        ? `${t.summary(d)} (${t.instalment(d.installmentNumber, d.installmentCount)})`
        : t.summary(d),
    description: (d: DueDate) =>
      [
        `${t.amount}: ${euro(d.amountCents)}`,
        `${t.noticeNumber}: ${formatNoticeNumber(d.nav)}`,
        `${t.dueDate}: ${formatItalianDate(d.dueDate)}`,
        `${t.creditor}: ${d.entity.name}`,
        d.description,
      ].join('\n'),
  };
}
