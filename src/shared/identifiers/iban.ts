import type { ParseResult } from './parse-result.ts';

// IBAN per ISO 13616: the SEPA countries (pagoPA transfers credit Italian accounts, but refunds and
// foreign debtors can bring others) plus a few common non-SEPA ones.

/** A normalized (no spaces, uppercase) IBAN that passed checkIban. */
export type Iban = string & { readonly __brand: 'Iban' };

// Total IBAN length per country, from the SWIFT IBAN registry.
// biome-ignore format: a country table reads better packed
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, BA: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20,
  ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25,
  RO: 24, RS: 22, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, UA: 29, VA: 22, XK: 20,
};

// Italy and San Marino share the BBAN layout: CIN letter, ABI (5 digits), CAB (5 digits), account (12).
const ITALIAN_BBAN = /^[A-Z]\d{10}[0-9A-Z]{12}$/;

/** Remove whitespace and uppercase, so typed or printed IBANs ("it60 x054 ...") can be checked. */
export function normalizeIban(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** Why the IBAN (normalized first) is not valid, or null when it is. */
export function checkIban(text: string): string | null {
  const iban = normalizeIban(text);
  if (iban.length === 0) return 'The IBAN is empty.';
  if (!/^[A-Z]{2}/.test(iban)) return 'An IBAN must start with a two-letter country code, such as IT.';
  const country = iban.slice(0, 2);
  const expectedLength = IBAN_LENGTHS[country];
  if (expectedLength === undefined) return `IBANs from country ${country} are not supported.`;
  if (!/^[A-Z]{2}\d{2}/.test(iban)) return 'The country code of an IBAN must be followed by two check digits.';
  if (!/^[0-9A-Z]+$/.test(iban)) return 'An IBAN may contain only letters and digits.';
  if (iban.length !== expectedLength) {
    return `An IBAN from ${country} must be ${expectedLength} characters; got ${iban.length}.`;
  }
  if ((country === 'IT' || country === 'SM') && !ITALIAN_BBAN.test(iban.slice(4))) {
    return `After the check digits, an IBAN from ${country} must be a letter, 10 digits and 12 letters or digits.`;
  }
  // ISO 7064 MOD 97-10 can only produce 02..98; 00, 01 and 99 are never issued.
  const checkDigits = Number(iban.slice(2, 4));
  if (checkDigits < 2 || checkDigits > 98 || mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    return 'The IBAN check digits do not match: a character is probably mistyped.';
  }
  return null;
}

/** Parse text into a normalized IBAN, or say why it is not valid. */
export function parseIban(text: string): ParseResult<Iban> {
  const reason = checkIban(text);
  return reason === null ? { ok: true, value: normalizeIban(text) as Iban } : { ok: false, reason };
}

/** True for a valid IBAN of an Italian account (country IT). */
export function isItalianIban(text: string): boolean {
  return normalizeIban(text).startsWith('IT') && checkIban(text) === null;
}

/** The two check digits that make an IBAN valid for this country and BBAN (used to build test and sample IBANs). */
export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
}

// Letters count as 10..35; the remainder is carried through integers, never through a float of the whole number.
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder;
}
