// Italian tax codes (pagopa-facts §7.1, §7.2): the 16-character codice fiscale of people and
// the 11-digit codes of companies and public bodies (partita IVA / codice fiscale numerico).

/** A 16-character person codice fiscale that passed checkPersonFiscalCode. */
export type PersonFiscalCode = string & { readonly __brand: 'PersonFiscalCode' };
/** An 11-digit code with a valid check digit: a body's codice fiscale or a provisional code. */
export type EntityFiscalCode = string & { readonly __brand: 'EntityFiscalCode' };
/** An 11-digit partita IVA: valid check digit, company number and office code. */
export type PartitaIva = EntityFiscalCode & { readonly __partitaIva: true };

/** What pagoPA puts as payer/debtor identifier when the person has no Italian tax code. */
export const ANONYMOUS_DEBTOR = 'ANONIMO';

// Positions (0-based) where omocodia may replace a digit with one of these letters (= 0..9).
const OMOCODIA_POSITIONS = [6, 7, 9, 10, 12, 13, 14] as const;
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
const MONTH_LETTERS = 'ABCDEHLMPRST';
// "Dispari" table of the check character for 0..9 / A..Z (a digit and the letter of the same index share a value).
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const PERSON_LAYOUT = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Why a person codice fiscale is not valid, or null when it is; input must already be trimmed and uppercase. */
export function checkPersonFiscalCode(cf: string): string | null {
  if (cf.length !== 16) return `A codice fiscale must be 16 characters; got ${cf.length}.`;
  if (cf !== cf.toUpperCase()) return 'The codice fiscale must be written in capital letters.';
  if (!PERSON_LAYOUT.test(cf)) {
    return 'The codice fiscale must be 6 letters, 2 digits, a letter, 2 digits, a letter, 3 digits and a letter.';
  }
  const month = cf[8]!;
  if (!MONTH_LETTERS.includes(month)) {
    return `The month letter ${month} is not valid; it must be one of ${MONTH_LETTERS.split('').join(' ')}.`;
  }
  const day = Number(deomocode(cf).slice(9, 11));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    return `The day of birth ${String(day).padStart(2, '0')} is not valid; it must be 01–31, or 41–71 for women.`;
  }
  const expected = personCheckCharacter(cf.slice(0, 15));
  if (cf[15] !== expected) return `The check character is ${cf[15]}, expected ${expected}.`;
  return null;
}

/** True for a valid 16-character person codice fiscale, omocodes included. */
export function isValidPersonFiscalCode(cf: string): cf is PersonFiscalCode {
  return checkPersonFiscalCode(cf) === null;
}

/** The check character over the first 15 uppercase characters of a person codice fiscale. */
export function personCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const code = first15.charCodeAt(i);
    const value = code <= 57 ? code - 48 : code - 65;
    // i = 0 is position 1, which the rule calls odd.
    sum += i % 2 === 0 ? ODD_VALUES[value]! : value;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Upper-cased code with omocodia undone (and check character recomputed) so two codes of one person compare equal. */
export function normalizeFiscalCodeForComparison(cf: string): string {
  const upper = cf.trim().toUpperCase();
  // An invalid code is returned as is: recomputing its check character would make it look valid.
  if (!isValidPersonFiscalCode(upper)) return upper;
  const base15 = deomocode(upper).slice(0, 15);
  return base15 + personCheckCharacter(base15);
}

/** Why an 11-digit code's check digit (partita IVA algorithm, Luhn) is wrong, or null when it is right. */
export function checkEntityFiscalCode(cf: string): string | null {
  if (!/^\d{11}$/.test(cf)) return `An 11-digit tax code must be exactly 11 digits; got ${describe(cf, /\D/)}.`;
  const expected = luhnCheckDigit(cf.slice(0, 10));
  if (cf[10] !== expected) return `The check digit is ${cf[10]}, expected ${expected}.`;
  return null;
}

/** True for 11 digits with a correct check digit; bodies' codes (e.g. 80016350821) need no office code. */
export function isValidEntityFiscalCode(cf: string): cf is EntityFiscalCode {
  return checkEntityFiscalCode(cf) === null;
}

/** Why a partita IVA is not valid, or null when it is. */
export function checkPartitaIva(piva: string): string | null {
  const checkDigitProblem = checkEntityFiscalCode(piva);
  if (checkDigitProblem !== null) return checkDigitProblem.replace('An 11-digit tax code', 'A partita IVA');
  if (/^0{7}/.test(piva)) return 'The first seven digits of a partita IVA cannot all be zero.';
  const office = Number(piva.slice(7, 10));
  if (!((office >= 1 && office <= 100) || [120, 121, 888, 999].includes(office))) {
    return `The office code ${piva.slice(7, 10)} is not valid; it must be 001–100, 120, 121, 888 or 999.`;
  }
  return null;
}

/** True for a valid 11-digit partita IVA (check digit, company number, office code). */
export function isValidPartitaIva(piva: string): piva is PartitaIva {
  return checkPartitaIva(piva) === null;
}

/**
 * Why a debtor/payer identifier is refused for its subject type, or null when accepted:
 * F (person) takes a codice fiscale, an 11-digit provisional code or ANONIMO;
 * G (legal person) takes an 11-digit code or a person codice fiscale (sole traders).
 */
export function checkDebtorId(type: 'F' | 'G', id: string): string | null {
  if (/^\d+$/.test(id)) return checkEntityFiscalCode(id);
  if (type === 'F' && id === ANONYMOUS_DEBTOR) return null;
  if (id.length === 16) return checkPersonFiscalCode(id);
  if (type === 'F') {
    return `A person must be identified by a 16-character codice fiscale, an 11-digit code or ${ANONYMOUS_DEBTOR}; got ${describe(id, /[^0-9A-Z]/)}.`;
  }
  return `A legal person must be identified by an 11-digit tax code or a 16-character codice fiscale; got ${describe(id, /[^0-9A-Z]/)}.`;
}

function deomocode(cf: string): string {
  const chars = cf.split('');
  for (const i of OMOCODIA_POSITIONS) {
    const digit = OMOCODIA_LETTERS.indexOf(chars[i]!);
    if (digit >= 0) chars[i] = String(digit);
  }
  return chars.join('');
}

function luhnCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = first10.charCodeAt(i) - 48;
    // Positions 2, 4, ... (1-based) are doubled.
    const doubled = i % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return String((10 - (sum % 10)) % 10);
}

function describe(text: string, unexpected: RegExp): string {
  if (text.length === 0) return 'an empty value';
  const odd = unexpected.exec(text);
  return odd ? `a value containing "${odd[0]}"` : `${text.length} characters`;
}
