// The words of the iCalendar files, in Italian, English and German: calendar apps fetch the feed without a
// cookie, so the feed keeps the language the citizen had when they made its address.
import { formatItalianDate } from '../../shared/dates.ts';
import { formatNoticeNumber } from '../../shared/identifiers/notice-number.ts';
import { type Cents, formatEuro } from '../../shared/money.ts';
import type { DueDate } from './calendar.ts';

export type CalendarLanguage = 'it' | 'en' | 'de';

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
      `${days === 1 ? 'Domani' : `Tra ${days} giorni`} scade ${d.subject} (${euro(d.amountCents, 'it')})`,
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
      `${d.subject} (${euro(d.amountCents, 'en')}) is due ${days === 1 ? 'tomorrow' : `in ${days} days`}`,
  },
  de: {
    calendarName: 'pagoPA-Fälligkeiten',
    calendarDescription: 'Die Fälligkeiten Ihrer noch zu zahlenden pagoPA-Zahlungsaufforderungen.',
    summary: (d: DueDate) => `Fällig: ${d.subject}`,
    instalment: (n: number, of: number) => `Rate ${n} von ${of}`,
    amount: 'Betrag',
    noticeNumber: 'Avis-Code',
    creditor: 'Gläubiger',
    dueDate: 'Fälligkeit',
    alarm: (days: number, d: DueDate) =>
      `${d.subject} (${euro(d.amountCents, 'de')}) ist ${days === 1 ? 'morgen' : `in ${days} Tagen`} fällig`,
  },
} as const;

// Intl's non-breaking space before € is kept: it is valid UTF-8 TEXT and reads better than a plain one.
const euro = (cents: Cents, lang: CalendarLanguage) => formatEuro(cents, lang);

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
        `${t.amount}: ${euro(d.amountCents, lang)}`,
        `${t.noticeNumber}: ${formatNoticeNumber(d.nav)}`,
        `${t.dueDate}: ${formatItalianDate(d.dueDate)}`,
        `${t.creditor}: ${d.entity.name}`,
        d.description,
      ].join('\n'),
  };
}
