// How the positions pages write dates and instants: calendar dates (due dates) as the language writes
// them, instants in Rome time.
import type { Language } from '../texts.ts';

const LOCALE: Record<Language, string> = { it: 'it-IT', en: 'en-GB' };

/** A `YYYY-MM-DD` calendar date for readers of `lang` (15/06/2026, 15 Jun 2026). */
export const calendarDate = (iso: string, lang: Language) =>
  new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: 'UTC',
    ...(lang === 'it' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'medium' }),
  }).format(new Date(`${iso}T00:00:00Z`));

/** An instant in Rome time, with its minutes. */
export const romeTime = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(LOCALE[lang], { timeZone: 'Europe/Rome', dateStyle: 'medium', timeStyle: 'short' }).format(
    at,
  );

/** An instant's day in Rome. */
export const romeDay = (at: Date, lang: Language) =>
  new Intl.DateTimeFormat(LOCALE[lang], { timeZone: 'Europe/Rome', dateStyle: 'medium' }).format(at);
