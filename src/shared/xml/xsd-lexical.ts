// Lexical spaces and value comparisons of the XSD 1.0 primitive types the pagoPA schemas use.
// Decimals are handled as digit strings, never as floats, so 999999999.99 and 0.01 compare exactly.

export type Primitive = 'string' | 'boolean' | 'decimal' | 'date' | 'dateTime' | 'base64Binary';

const DECIMAL = /^([+-]?)0*(\d*?)(?:\.(\d*?)0*)?$/;
const DECIMAL_SHAPE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DATE = /^-?(\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^-?(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `value` (already whitespace-normalized) is in the lexical space of the primitive type. */
export function isValidLexical(primitive: Primitive, value: string): boolean {
  switch (primitive) {
    case 'string':
      return true;
    case 'boolean':
      return value === 'true' || value === 'false' || value === '1' || value === '0';
    case 'decimal':
      return DECIMAL_SHAPE.test(value);
    case 'date':
      return isValidDate(DATE.exec(value));
    case 'dateTime':
      return isValidDateTime(DATE_TIME.exec(value));
    case 'base64Binary':
      return base64Octets(value) !== undefined;
  }
}

/** A decimal reduced to its value: sign, integer digits without leading zeros, fraction without trailing zeros. */
export interface DecimalValue {
  readonly negative: boolean;
  readonly integer: string;
  readonly fraction: string;
}

/** The value of a lexically valid decimal; zero is never negative. */
export function decimalValue(lexical: string): DecimalValue {
  const [, sign, integer = '', fraction = ''] = DECIMAL.exec(lexical)!;
  return { negative: sign === '-' && (integer !== '' || fraction !== ''), integer, fraction };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimal(a: DecimalValue, b: DecimalValue): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.integer.length !== b.integer.length) return a.integer.length < b.integer.length ? -sign : sign;
  if (a.integer !== b.integer) return a.integer < b.integer ? -sign : sign;
  // Same integer part: compare fractions padded to equal length (plain string order then works).
  const width = Math.max(a.fraction.length, b.fraction.length);
  const fa = a.fraction.padEnd(width, '0');
  const fb = b.fraction.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -sign : sign;
}

/** Significant digits, as the totalDigits facet counts them. */
export function totalDigits(value: DecimalValue): number {
  return Math.max(1, value.integer.length + value.fraction.length);
}

/**
 * Decoded length in octets of base64 text (XSD lexical form: groups of four, optional single spaces,
 * `=` padding whose preceding character carries no leftover bits), or undefined when it is not base64.
 */
export function base64Octets(lexical: string): number | undefined {
  const compact = lexical.includes(' ') ? lexical.replaceAll(' ', '') : lexical;
  if (compact.length % 4 !== 0 || !BASE64_CHARS.test(compact)) return undefined;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  if (padding > 0) {
    const last = compact[compact.length - padding - 1]!;
    if (!(padding === 2 ? 'AQgw' : 'AEIMQUYcgkosw048').includes(last)) return undefined;
  }
  return (compact.length / 4) * 3 - padding;
}

function isValidDate(match: RegExpExecArray | null): boolean {
  return match !== null && isValidDay(match[1]!, match[2]!, match[3]!) && isValidTimezone(match[4]);
}

function isValidDateTime(match: RegExpExecArray | null): boolean {
  if (match === null || !isValidDay(match[1]!, match[2]!, match[3]!) || !isValidTimezone(match[8])) return false;
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6])];
  // 24:00:00 is the end of the day (XSD 1.0 second edition), nothing later.
  if (hour === 24) return minute === 0 && second === 0 && (match[7] === undefined || /^\.0+$/.test(match[7]));
  return hour < 24 && minute < 60 && second < 60;
}

function isValidDay(year: string, month: string, day: string): boolean {
  // Years above 9999 have no leading zero; year 0000 does not exist in XSD 1.0.
  if ((year.length > 4 && year[0] === '0') || /^0+$/.test(year)) return false;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const y = Number(year.slice(-4)); // enough for the leap-year rule (it only needs year mod 400)
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

function isValidTimezone(zone: string | undefined): boolean {
  if (zone === undefined || zone === 'Z') return true;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  return minutes < 60 && (hours < 14 || (hours === 14 && minutes === 0));
}
