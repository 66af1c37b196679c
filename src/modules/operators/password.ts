// Local passwords (ADR 0033): Argon2id with @node-rs/argon2's defaults (19 MiB, 2 passes — OWASP's
// recommendation), a policy that refuses short and guessable ones with a reason the operator can act
// on, and a dummy verification for unknown accounts so that timing does not tell which exist.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { invalid } from '../../shared/errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** Argon2 hashes whatever it is given: a cap keeps one request from costing much. */
export const MAX_PASSWORD_LENGTH = 256;

const ARGON2ID = 2 as Algorithm;

// A few of the most common long passwords; the length and the checks below catch the rest of the list.
const COMMON = new Set([
  'password1234',
  'passwordpassword',
  '123456789012',
  'qwertyuiopas',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  'iloveyou1234',
  'passw0rd1234',
  'administrator',
  'amministratore',
  'password12345',
  'cambiami1234',
]);

/**
 * Why a password may not be used, or undefined when it may. `identity` holds what it must not be
 * built on: the operator's e-mail and name.
 */
export function passwordProblem(
  password: string,
  identity: { email: string; displayName?: string },
): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  const lower = password.toLowerCase();
  const email = identity.email.toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (lower === email || lower.includes(email)) return 'must not be your e-mail address';
  if (local.length >= 4 && lower.includes(local)) return 'must not contain the name of your e-mail address';
  const name = (identity.displayName ?? '').toLowerCase().replace(/\s+/g, '');
  if (name.length >= 4 && lower.replace(/\s+/g, '').includes(name)) return 'must not contain your name';
  if (new Set(password).size < 5) return 'must use at least 5 different characters';
  if (COMMON.has(lower)) return 'is one of the most common passwords';
  return undefined;
}

/** Throws VALIDATION_FAILED (field `password`) unless the password may be used. */
export function checkPassword(password: string, identity: { email: string; displayName?: string }): void {
  const problem = passwordProblem(password, identity);
  if (problem) throw invalid([{ path: 'password', message: problem }], `The password ${problem}.`);
}

/** The stored form of a password: an Argon2id PHC string with its own random salt. */
export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: ARGON2ID });

// Verified against when the account does not exist or has no password, so the answer takes as long.
let dummy: Promise<string> | undefined;

/** Whether `password` is the one `stored` was made from; with no stored hash, false after the same work. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if ([...password].length > MAX_PASSWORD_LENGTH) return false;
  if (stored === null) {
    dummy ??= hashPassword('not-a-password-anyone-has');
    await verify(await dummy, password);
    return false;
  }
  return verify(stored, password);
}
