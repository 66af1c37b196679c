// The texts encoded in the two symbols of a payment notice: the pagoPA QR code (pagopa-facts §2.3)
// and the DataMatrix of the Poste Italiane "Bollettino Postale PA" (§2.4). Pure functions: the
// readers (the IO app, PSP apps, Poste's scanners) cut these strings at fixed offsets, so every
// field has exactly its length.

const NAV = /^\d{18}$/;
const ENTITY_CF = /^\d{11}$/;
const POSTAL_ACCOUNT = /^\d{1,12}$/;
/** The DataMatrix amount field is 10 digits: 99.999.999,99 € at most. */
export const MAX_POSTAL_CENTS = 9_999_999_999;
/** The QR amount field is 2 to 11 digits (pagoPA's largest amount, 999.999.999,99 €, fits). */
const MAX_QR_CENTS = 99_999_999_999;

function assertCents(amountCents: number, max: number): void {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > max) {
    throw new RangeError(`amount ${amountCents} must be a whole number of cents between 1 and ${max}`);
  }
}

/**
 * The QR code text: `PAGOPA|002|<nav>|<entity CF>|<cents>`. The amount is zero-padded to 10 digits,
 * the form both the strict readers (52 characters) and the lax ones (2–11 digits) accept.
 */
export function noticeQrPayload(nav: string, entityFiscalCode: string, amountCents: number): string {
  if (!NAV.test(nav)) throw new RangeError('the notice number must be 18 digits');
  if (!ENTITY_CF.test(entityFiscalCode)) throw new RangeError("the entity's fiscal code must be 11 digits");
  assertCents(amountCents, MAX_QR_CENTS);
  return `PAGOPA|002|${nav}|${entityFiscalCode}|${String(amountCents).padStart(10, '0')}`;
}

// Letters that do not decompose into an ASCII base letter plus accents.
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '€': 'EUR',
};

/**
 * `text` in printable ASCII: accents dropped (à → a), a few letters spelled out (ß → ss), white
 * space collapsed, anything else "?". The Poste fields are fixed-width single-byte fields, and a
 * multi-byte UTF-8 character would shift every field after it.
 */
export function toPostalAscii(text: string): string {
  let out = '';
  for (const ch of text.replace(/\s+/g, ' ').trim()) {
    if (ch >= ' ' && ch <= '~') {
      out += ch;
      continue;
    }
    const mapped = TRANSLITERATIONS[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += /^[ -~]+$/.test(base) ? base : '?';
  }
  return out;
}

/** A fixed-width text field: ASCII, cut to `length`, padded on the right with spaces. */
function textField(text: string, length: number): string {
  return toPostalAscii(text).slice(0, length).padEnd(length, ' ');
}

export interface PostalSlip {
  nav: string;
  /** The postal current account number (c/c), up to 12 digits. */
  postalAccount: string;
  amountCents: number;
  entityFiscalCode: string;
  /** Undefined (or GPD's "ANONIMO") for an anonymous debtor: the field is left blank. */
  debtorFiscalCode?: string | undefined;
  debtorName: string;
  /** The notice subject (oggetto del pagamento). */
  subject: string;
}

/** GPD's placeholder fiscal code of a debtor who is not identified. */
const ANONYMOUS = 'ANONIMO';

/**
 * The 256-character DataMatrix text of the Bollettino Postale PA (pagopa-facts §2.4): each number
 * preceded by its length, zero-padded; the texts in ASCII, cut and space-padded to their field.
 */
export function posteDataMatrixPayload(slip: PostalSlip): string {
  if (!NAV.test(slip.nav)) throw new RangeError('the notice number must be 18 digits');
  if (!POSTAL_ACCOUNT.test(slip.postalAccount)) throw new RangeError('the postal account must be 1 to 12 digits');
  if (!ENTITY_CF.test(slip.entityFiscalCode)) throw new RangeError("the entity's fiscal code must be 11 digits");
  assertCents(slip.amountCents, MAX_POSTAL_CENTS);
  const debtorCf = slip.debtorFiscalCode?.trim().toUpperCase();
  const payload = [
    'codfase=NBPA;',
    '18',
    slip.nav,
    '12',
    slip.postalAccount.padStart(12, '0'),
    '10',
    String(slip.amountCents).padStart(10, '0'),
    '3',
    '896', // document type: Bollettino PA
    '1P1', // form type P1
    textField(slip.entityFiscalCode, 11),
    textField(debtorCf && debtorCf !== ANONYMOUS ? debtorCf : '', 16),
    textField(slip.debtorName, 40),
    textField(slip.subject, 110),
    ' '.repeat(12),
    'A',
  ].join('');
  // Every part above has a fixed width; this guards the arithmetic, not the input.
  if (payload.length !== 256) throw new Error(`Poste DataMatrix payload is ${payload.length} characters, not 256`);
  return payload;
}
