import type { ParseResult } from './parse-result.ts';

// pagoPA notice number (NAV, "numero avviso") and IUV, per SACI "Generazione dell'IUV"
// (pagopa-facts §1.1–§1.2). New notices must use aux digit 3; 0/1/2 are parsed for legacy ones.

/** An 18-digit notice number that passed parseNoticeNumber (or was built by buildNoticeNumber). */
export type NoticeNumber = string & { readonly __brand: 'NoticeNumber' };
/** An IUV: 17 digits (aux 1/2/3) or 15 digits (aux 0, where the application code is not part of it). */
export type Iuv = string & { readonly __brand: 'Iuv' };
export type AuxDigit = 0 | 1 | 2 | 3;

export type ParsedNoticeNumber = {
  readonly noticeNumber: NoticeNumber;
  readonly auxDigit: AuxDigit;
  readonly iuv: Iuv;
  /** Aux 3 only: the generation point's code assigned by PagoPA S.p.A. */
  readonly segregationCode?: string;
  /** Aux 0 only: the 2-digit application code, which is not part of the IUV. */
  readonly applicationCode?: string;
};

const BASE13_LIMIT = 10n ** 13n;
const TWO_DIGITS = /^\d{2}$/;

/** Check digits of a notice number: the 16-digit prefix mod 93, zero-padded (BigInt: it exceeds 2^53). */
export function noticeCheckDigits(first16: string): string {
  if (!/^\d{16}$/.test(first16)) throw new RangeError('check digits are computed over exactly 16 digits');
  return (BigInt(first16) % 93n).toString().padStart(2, '0');
}

/** Build an aux-3 notice number from the segregation code and the 13-digit IUV base. */
export function buildNoticeNumber(segregationCode: string, base13: bigint | string): NoticeNumber {
  assertSegregationCode(segregationCode);
  const base = typeof base13 === 'bigint' ? base13 : parseBaseString(base13);
  if (base < 0n || base >= BASE13_LIMIT) throw new RangeError(`IUV base ${base} does not fit in 13 digits`);
  const first16 = `3${segregationCode}${base.toString().padStart(13, '0')}`;
  return (first16 + noticeCheckDigits(first16)) as NoticeNumber;
}

/** Parse an 18-digit notice number of any aux digit (0–3); spaces are not accepted, see normalizeNoticeNumberInput. */
export function parseNoticeNumber(text: string): ParseResult<ParsedNoticeNumber> {
  if (!/^\d{18}$/.test(text)) {
    return fail(`The notice number must be 18 digits; got ${describeLength(text)}.`);
  }
  if (text[0]! > '3') return fail(`The aux digit ${text[0]} is not valid; it must be 0, 1, 2 or 3.`);
  const auxDigit = Number(text[0]) as AuxDigit;
  // Aux 1 is the only layout without check digits: all 17 digits after the aux digit are the IUV.
  if (auxDigit !== 1) {
    const actual = text.slice(16);
    const expected = noticeCheckDigits(text.slice(0, 16));
    if (actual !== expected) return fail(`The check digits are ${actual}, expected ${expected}.`);
  }
  const noticeNumber = text as NoticeNumber;
  switch (auxDigit) {
    case 0:
      return ok({ noticeNumber, auxDigit, iuv: text.slice(3) as Iuv, applicationCode: text.slice(1, 3) });
    case 3:
      return ok({ noticeNumber, auxDigit, iuv: text.slice(1) as Iuv, segregationCode: text.slice(1, 3) });
    default:
      return ok({ noticeNumber, auxDigit, iuv: text.slice(1) as Iuv });
  }
}

/** Why a back-office-supplied notice number cannot be issued by this entity, or null when it can. */
export function checkIssuableNoticeNumber(nav: string, segregationCode: string): string | null {
  assertSegregationCode(segregationCode);
  if (!/^\d{18}$/.test(nav)) return `The notice number must be 18 digits; got ${describeLength(nav)}.`;
  // Only aux 3 may be issued today ("I valori 0-1-2 non devono più essere usati", SACI 3.2).
  if (nav[0] !== '3') return `The aux digit is ${nav[0]}; new notice numbers must start with 3.`;
  return checkSegregationAndCheckDigits(nav.slice(1), segregationCode, 'notice number');
}

/** Why a back-office-supplied 17-digit aux-3 IUV cannot be issued by this entity, or null when it can. */
export function checkIssuableIuv(iuv: string, segregationCode: string): string | null {
  assertSegregationCode(segregationCode);
  if (!/^\d{17}$/.test(iuv)) return `The IUV must be 17 digits; got ${describeLength(iuv)}.`;
  return checkSegregationAndCheckDigits(iuv, segregationCode, 'IUV');
}

/** The IUV inside a valid notice number (aux 0 drops the application code). */
export function iuvFromNoticeNumber(nav: string): Iuv {
  return parseOrThrow(nav).iuv;
}

/**
 * The IUV a notice number carries by its layout alone (aux 0 drops the application code, the others
 * the aux digit), check digits not checked: what a message's creditorReferenceId must be.
 */
export function iuvInNoticeNumber(nav: string): string {
  return nav.startsWith('0') ? nav.slice(3) : nav.slice(1);
}

/** The notice number for an IUV; aux 0 also needs the application code. Throws RangeError when invalid. */
export function noticeNumberFromIuv(iuv: string, auxDigit: AuxDigit = 3, applicationCode?: string): NoticeNumber {
  const expectedLength = auxDigit === 0 ? 15 : 17;
  if (!new RegExp(`^\\d{${expectedLength}}$`).test(iuv)) {
    throw new RangeError(`an aux-${auxDigit} IUV must be ${expectedLength} digits`);
  }
  let prefix = String(auxDigit);
  if (auxDigit === 0) {
    if (applicationCode === undefined || !TWO_DIGITS.test(applicationCode)) {
      throw new RangeError('aux digit 0 needs a 2-digit application code');
    }
    prefix += applicationCode;
  }
  return parseOrThrow(prefix + iuv).noticeNumber;
}

/** The notice number in groups of 4 digits, as printed on notices: "3020 0000 0001 2345 59". */
export function formatNoticeNumber(nav: string): string {
  return nav.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Remove the separators people type or paste (spaces, dots, dashes) before parsing. */
export function normalizeNoticeNumberInput(text: string): string {
  return text.replace(/[\s.-]/g, '');
}

/** The 13-digit IUV base of a valid aux-3 notice number, e.g. to compare with the issuing sequence. */
export function baseFromNoticeNumber(nav: string): bigint {
  const parsed = parseOrThrow(nav);
  if (parsed.auxDigit !== 3) throw new RangeError(`aux digit ${parsed.auxDigit} notice numbers have no 13-digit base`);
  return BigInt(nav.slice(3, 16));
}

function checkSegregationAndCheckDigits(iuv17: string, segregationCode: string, what: string): string | null {
  const actualSegregation = iuv17.slice(0, 2);
  if (actualSegregation !== segregationCode) {
    return `The ${what} has segregation code ${actualSegregation}, but this entity uses ${segregationCode}.`;
  }
  const actual = iuv17.slice(15);
  const expected = noticeCheckDigits(`3${iuv17.slice(0, 15)}`);
  if (actual !== expected) return `The check digits of the ${what} are ${actual}, expected ${expected}.`;
  return null;
}

function parseOrThrow(nav: string): ParsedNoticeNumber {
  const parsed = parseNoticeNumber(nav);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.value;
}

function parseBaseString(base: string): bigint {
  if (!/^\d{1,13}$/.test(base)) throw new RangeError(`IUV base "${base}" must be 1 to 13 digits`);
  return BigInt(base);
}

function assertSegregationCode(code: string): void {
  // A wrong segregation code is configuration or programming error, not bad user input.
  if (!TWO_DIGITS.test(code)) throw new RangeError(`segregation code "${code}" must be 2 digits`);
}

function describeLength(text: string): string {
  if (text.length === 0) return 'an empty value';
  const nonDigit = /\D/.exec(text);
  if (nonDigit) return `a value containing "${nonDigit[0]}"`;
  return `${text.length} digits`;
}

function ok(value: ParsedNoticeNumber): ParseResult<ParsedNoticeNumber> {
  return { ok: true, value };
}

function fail(reason: string): ParseResult<ParsedNoticeNumber> {
  return { ok: false, reason };
}
