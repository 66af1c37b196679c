// Recovery codes: ten single-use codes shown once when the second factor is set up, for the day the
// phone is lost. 60 random bits each (12 characters of Crockford's base32 in three groups), stored as
// SHA-256 like the other bearer secrets: there is nothing to guess, and sign-in attempts are limited.
import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new recovery code, e.g. `7KQ2-M9XD-4PRT`. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** The stored form of a code as typed: case, spaces and dashes do not matter; O, I and L read as 0, 1, 1. */
export function hashRecoveryCode(typed: string): Buffer {
  const canonical = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return createHash('sha256').update(canonical).digest();
}
