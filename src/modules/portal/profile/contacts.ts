// What a contact the citizen types must look like, written the one way Cassa stores it.

export type ContactError = 'empty' | 'format' | 'tooLong';

// Deliberately plain: one @, no spaces, a dotted domain. The confirmation code proves the rest.
const EMAIL =
  /^[^\s@"<>()[\],;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** An e-mail address with its domain in lower case, or why it is not one. */
export function normalizeEmail(raw: string): { value: string } | { error: ContactError } {
  const text = raw.trim();
  if (text === '') return { error: 'empty' };
  if (text.length > 254) return { error: 'tooLong' };
  if (!EMAIL.test(text)) return { error: 'format' };
  const at = text.lastIndexOf('@');
  return { value: `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}` };
}

/**
 * An Italian mobile number as +39 3xx…: spaces, dots, dashes and brackets are ignored, and the
 * country code may be written +39, 0039 or left out. Italian mobile numbers start with 3 and have
 * 9 or 10 digits.
 */
export function normalizeMobile(raw: string): { value: string } | { error: ContactError } {
  const text = raw.trim();
  if (text === '') return { error: 'empty' };
  const compact = text.replace(/[\s.()-]/g, '');
  const national = /^(?:\+39|0039)?(3\d{8,9})$/.exec(compact)?.[1];
  return national ? { value: `+39${national}` } : { error: 'format' };
}

/** A contact shown with most of it hidden (for pages other people may glimpse, and the audit log). */
export function maskContact(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) return `${value.slice(0, 1)}***${value.slice(at)}`;
  return `${value.slice(0, 5)}***${value.slice(-3)}`;
}
