// Deterministic JSON (object keys sorted), so equal data always hashes the same whatever the key
// order a client happened to send.
import { createHash } from 'node:crypto';

/** JSON.stringify with object keys sorted at every level; Dates become ISO strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

/** Hex SHA-256 of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
