// Calendar dates (due dates: `YYYY-MM-DD`, no time zone) kept apart from instants (`Date`, UTC).
// Business rules read both in Europe/Rome explicitly, through Intl, so the server's TZ never matters.

/** A real calendar date written `YYYY-MM-DD`. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ITALIAN_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
// RFC 3339 date-time with the offset optional (GPD sends both); `t` and a space are allowed by its §5.6 note.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))?)?$/;

// h23 avoids the "24:00" some ICU versions print for midnight with hour12: false.
const romeParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Parses a strict `YYYY-MM-DD` calendar date (leap years checked); null if invalid. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = ISO_DATE.exec(text);
  return match === null ? null : makeDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Parses an Italian `DD/MM/YYYY` (or `D/M/YYYY`) date; null if invalid. */
export function parseItalianDate(text: string): IsoDate | null {
  const match = ITALIAN_DATE.exec(text);
  return match === null ? null : makeDate(Number(match[3]), Number(match[2]), Number(match[1]));
}

/** Parses `YYYY-MM-DD` or `DD/MM/YYYY`, ignoring surrounding white space (spreadsheet cells); null if invalid. */
export function parseDateLoose(text: string): IsoDate | null {
  const trimmed = text.trim();
  return parseIsoDate(trimmed) ?? parseItalianDate(trimmed);
}

/** Calendar date of a GPD date-time or plain date, as written (no time-zone conversion); null if invalid. */
export function dateFromDateTimeText(text: string): IsoDate | null {
  // GPD treats due dates as wall-clock local date-times, so `2026-12-31T23:59:59.999Z` means the
  // 31st even though that instant is already 1 January in Rome: keep the date the client wrote.
  const parsed = parseDateTime(text);
  return parsed === null ? null : parsed.date;
}

/** Parses an RFC 3339 date-time into an instant; without an offset it is Europe/Rome wall-clock time. */
export function parseInstant(text: string): Date | null {
  const parsed = parseDateTime(text);
  if (parsed === null || parsed.wallMs === null) return null;
  const epochMs = parsed.offsetMs === null ? romeWallTimeToEpoch(parsed.wallMs) : parsed.wallMs - parsed.offsetMs;
  return new Date(epochMs);
}

/** RFC 3339 text for 23:59:59 Europe/Rome on date, e.g. `2026-07-31T23:59:59+02:00`. */
export function endOfDayRome(date: IsoDate): string {
  const wallMs = epochDay(date) * DAY_MS + DAY_MS - 1000;
  const offsetMinutes = Math.round((wallMs - romeWallTimeToEpoch(wallMs)) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${date}T23:59:59${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** The calendar date in Rome at the instant now (take now from the injected clock). */
export function todayInRome(now: Date): IsoDate {
  const wall = romeWallTime(now.getTime());
  return formatDate(new Date(wall));
}

/** The time of day in Rome at the instant `at`, `HH:MM` (24 hours). */
export function romeTimeOfDay(at: Date): string {
  const wall = new Date(romeWallTime(at.getTime()));
  return `${pad(wall.getUTCHours(), 2)}:${pad(wall.getUTCMinutes(), 2)}`;
}

/** Orders two dates: negative if a is earlier, 0 if equal, positive if later. */
export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  // Zero-padded YYYY-MM-DD sorts the same as text and as dates.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The date n days after date (n may be negative); throws RangeError outside years 0000–9999. */
export function addDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  const result = new Date((epochDay(date) + n) * DAY_MS);
  const year = result.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`date out of range: ${date} + ${n} days`);
  return formatDate(result);
}

/** Formats a date the Italian way, `DD/MM/YYYY`. */
export function formatItalianDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

type ParsedDateTime = { date: IsoDate; wallMs: number | null; offsetMs: number | null };

function parseDateTime(text: string): ParsedDateTime | null {
  const m = DATE_TIME.exec(text);
  if (m === null) return null;
  const date = makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (date === null) return null;
  if (m[4] === undefined) return { date, wallMs: null, offsetMs: null };
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  // Leap seconds (:60) are rejected: Date cannot hold them and no pagoPA system sends them.
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const wallMs = epochDay(date) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  if (m[8] !== undefined) return { date, wallMs, offsetMs: 0 };
  if (m[9] === undefined) return { date, wallMs, offsetMs: null };
  const [offsetHours, offsetMinutes] = [Number(m[10]), Number(m[11])];
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const offsetMs = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { date, wallMs, offsetMs };
}

/** Rome wall-clock time at epochMs, expressed as milliseconds of a UTC clock showing the same digits. */
function romeWallTime(epochMs: number): number {
  const p: Record<string, number> = {};
  for (const part of romeParts.formatToParts(epochMs)) p[part.type] = Number(part.value);
  const d = new Date(0);
  d.setUTCFullYear(p['year']!, p['month']! - 1, p['day']!);
  d.setUTCHours(p['hour']!, p['minute']!, p['second']!, epochMs - Math.floor(epochMs / 1000) * 1000);
  return d.getTime();
}

function romeOffsetMs(epochMs: number): number {
  return romeWallTime(epochMs) - epochMs;
}

/** The instant showing wallMs on Rome clocks; DST gaps move forward, repeated hours take the first one. */
function romeWallTimeToEpoch(wallMs: number): number {
  // The offsets a day before and after bracket any transition; an offset is right when the instant it
  // gives really has that offset. This mirrors Temporal's 'compatible' disambiguation.
  const before = romeOffsetMs(wallMs - DAY_MS);
  const after = romeOffsetMs(wallMs + DAY_MS);
  const valid = [before, after].filter((offset) => romeOffsetMs(wallMs - offset) === offset);
  if (valid.length === 0) return wallMs - before; // skipped hour (last Sunday of March): 02:30 → 03:30 CEST
  return Math.min(...valid.map((offset) => wallMs - offset));
}

function makeDate(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as IsoDate;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid date; setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written. */
function epochDay(date: IsoDate): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(d.getTime() / DAY_MS);
}

function formatDate(d: Date): IsoDate {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` as IsoDate;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
