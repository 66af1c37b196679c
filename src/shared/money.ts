// Money as integer euro cents. Decimal text is parsed digit by digit and never goes through
// floating point, so `0.29` cannot become 28 cents.

/** An amount in euro cents: a safe integer, at most MAX_CENTS. */
export type Cents = number & { readonly __brand: 'Cents' };

/** pagoPA's largest amount (stAmount maxInclusive 999999999.99 €) in cents. */
export const MAX_CENTS = 99_999_999_999;

// Nine integer digits are enough for MAX_CENTS; checking the length first keeps Number() exact.
const MAX_EURO_DIGITS = 9;
const AMOUNT_TEXT = /^\d(?:[\d.,]*\d)?$/;
const DIGITS = /^\d+$/;
// A grouped integer part: 1–3 leading digits (no leading zero), then groups of exactly 3.
const GROUPED = { '.': /^[1-9]\d{0,2}(?:\.\d{3})+$/, ',': /^[1-9]\d{0,2}(?:,\d{3})+$/ } as const;
const SOAP_AMOUNT = /^(\d+)\.(\d{2})$/;

// `useGrouping: 'always'`: CLDR's Italian data leaves 4-digit amounts ungrouped (`1020,99 €`),
// while notices and receipts conventionally print `1.020,99 €`.
const euroIt = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', useGrouping: 'always' });
const EURO_FORMATS = {
  it: euroIt,
  en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR', useGrouping: 'always' }),
  de: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', useGrouping: 'always' }),
} as const;

/** The languages amounts are written in for people. */
export type MoneyLanguage = keyof typeof EURO_FORMATS;

/** True when n is a positive safe integer no greater than MAX_CENTS (a payable amount). */
export function isCents(n: unknown): n is Cents {
  return Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= MAX_CENTS;
}

/** True when n is a safe integer between 0 and MAX_CENTS (totals, refunds, "nothing due"). */
export function isNonNegativeCents(n: unknown): n is Cents {
  return Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_CENTS;
}

/**
 * Parses a positive euro amount as typed by people or spreadsheets (`12,50`, `1.234,56`, `€ 1,234.56`); null if invalid.
 *
 * Rules:
 * - surrounding white space and one `€` sign (before or after the number) are allowed;
 * - at most 2 decimals (`12,505` → null); `1234,5` means 1234.50 €;
 * - with both `.` and `,`, the last one is the decimal separator and the other groups thousands;
 * - thousands separators must form valid groups of 3 (`1.23.456` → null);
 * - ambiguity: one separator followed by exactly 3 digits. `.` is read as thousands (`1.234` → 1234 €,
 *   as Italian users write it) and `,` is rejected (`1,234` → null): in Italian it would be three decimals,
 *   in English 1234 €, and guessing wrong by a factor of 1000 on a debt is worse than asking again;
 * - zero, negative amounts and amounts above MAX_CENTS → null (a debt is always > 0).
 */
export function parseEuroAmount(text: string): Cents | null {
  let s = text.trim();
  if (s.startsWith('€')) s = s.slice(1).trimStart();
  else if (s.endsWith('€')) s = s.slice(0, -1).trimEnd();
  if (!AMOUNT_TEXT.test(s)) return null;

  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let integer = s;
  let fraction = '';
  let groupSeparator: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalAt = Math.max(lastDot, lastComma);
    groupSeparator = decimalAt === lastDot ? ',' : '.';
    integer = s.slice(0, decimalAt);
    fraction = s.slice(decimalAt + 1);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const separator = lastDot >= 0 ? '.' : ',';
    const at = Math.max(lastDot, lastComma);
    if (s.indexOf(separator) !== at) {
      groupSeparator = separator; // repeated: only thousands separators make sense
    } else if (s.length - at - 1 === 3) {
      if (separator === ',') return null; // see the ambiguity rule above
      groupSeparator = '.';
    } else {
      integer = s.slice(0, at);
      fraction = s.slice(at + 1);
    }
  }

  if (fraction.length > 2) return null;
  if (groupSeparator !== null) {
    if (!GROUPED[groupSeparator].test(integer)) return null;
    integer = integer.replaceAll(groupSeparator, '');
  } else if (!DIGITS.test(integer)) {
    return null;
  }
  return centsFromParts(integer, fraction.padEnd(2, '0'), 1);
}

/** Formats cents as a pagoPA SOAP stAmount: euros, `.` and exactly 2 decimals (`1500.00`). */
export function formatSoapAmount(cents: Cents): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Parses a pagoPA SOAP stAmount (`\d+\.\d{2}`, 0.00 to 999999999.99); null if it does not match. */
export function parseSoapAmount(text: string): Cents | null {
  const match = SOAP_AMOUNT.exec(text);
  if (match === null) return null;
  // The XSD allows 0.00, so the SOAP parser does too; callers decide whether zero makes sense.
  return centsFromParts(match[1]!, match[2]!, 0);
}

/** Formats cents for Italian readers, e.g. `1.020,99 €` (with the non-breaking space Intl puts before €). */
export function formatEuroIt(cents: Cents): string {
  return formatEuro(cents, 'it');
}

/**
 * Formats cents for readers of `lang`: `1.020,99 €` in Italian and German, `€1,020.99` in English
 * (a non-breaking space before € where there is a space). Negative amounts keep their sign.
 */
export function formatEuro(cents: number, lang: MoneyLanguage): string {
  // Intl accepts a decimal string and formats it exactly, so no float division is needed.
  const text = formatSoapAmount(Math.abs(cents) as Cents);
  return EURO_FORMATS[lang].format((cents < 0 ? `-${text}` : text) as `${number}`);
}

function centsFromParts(integer: string, twoDecimals: string, minimum: number): Cents | null {
  const significant = integer.replace(/^0+/, '');
  if (significant.length > MAX_EURO_DIGITS) return null;
  const cents = Number(significant || '0') * 100 + Number(twoDecimals);
  return cents >= minimum && cents <= MAX_CENTS ? (cents as Cents) : null;
}
