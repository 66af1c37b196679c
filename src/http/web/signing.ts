// HMAC-SHA256 signatures of short values (CSRF tokens, signed cookies), compared in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The base64url HMAC-SHA256 of `value` under `key`. */
export const mac = (key: Uint8Array, value: string): string =>
  createHmac('sha256', key).update(value).digest('base64url');

/** Whether two strings are equal, in time that does not depend on where they differ. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
