// A writer of iCalendar (RFC 5545) text for due dates: a VCALENDAR of all-day VEVENTs, each with
// its reminders as VALARMs. Written here rather than taken from a library because the subset is
// small and every rule that matters is one function below: CRLF line ends, lines folded at 75
// octets (never inside a UTF-8 character), and TEXT values escaped.
import type { IsoDate } from '../../shared/dates.ts';

export interface IcsAlarm {
  /** Whole days before the event's day. */
  daysBefore: number;
  description: string;
}

export interface IcsEvent {
  /** Globally unique and the same at every refresh, so that calendar apps update, not duplicate. */
  uid: string;
  date: IsoDate;
  summary: string;
  description: string;
  url: string;
  alarms: readonly IcsAlarm[];
}

export interface IcsCalendar {
  prodId: string;
  name: string;
  description: string;
  /** When the text was made (DTSTAMP of every event). */
  stamp: Date;
  /** How often subscribed apps should look again. */
  refreshHours: number;
  events: readonly IcsEvent[];
}

const MAX_OCTETS = 75;

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped; other control
 * characters, which TEXT may not hold, dropped (a back office's description may carry them).
 */
export function escapeText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
  );
}

/**
 * Folds one content line (§3.1): at most 75 octets a line, continuation lines start with one space.
 * Splits between characters (code points), never inside the octets of one.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

/** `20260615T100000Z`: a UTC DATE-TIME. */
export function icsDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** `20260615`: a DATE. */
export const icsDate = (date: IsoDate) => date.replace(/-/g, '');

function nextDay(date: IsoDate): IsoDate {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10) as IsoDate;
}

function eventLines(event: IcsEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${icsDate(event.date)}`,
    // The end of an all-day event is the next day (exclusive); some apps need it written.
    `DTEND;VALUE=DATE:${icsDate(nextDay(event.date))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `URL;VALUE=URI:${event.url}`,
    // A due date does not make the citizen busy.
    'TRANSP:TRANSPARENT',
  ];
  for (const alarm of event.alarms) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(alarm.description)}`,
      `TRIGGER;RELATED=START:-P${alarm.daysBefore}D`,
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

/** The calendar as iCalendar text: UTF-8, CRLF line ends, folded. */
export function writeCalendar(calendar: IcsCalendar): string {
  const stamp = icsDateTime(calendar.stamp);
  const refresh = `PT${calendar.refreshHours}H`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    `X-WR-CALDESC:${escapeText(calendar.description)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...calendar.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
