// Bearer secrets of the API (entity API keys, the admin credential): 256 random bits, shown once
// and stored only as their SHA-256 — a fast hash is enough, there is nothing to guess (ADR 0007).
import { createHash, randomBytes } from 'node:crypto';

/** A new secret: `prefix` and 256 random bits in base64url. */
export const newSecret = (prefix: string): string => prefix + randomBytes(32).toString('base64url');

/** The stored form of a secret: its SHA-256. */
export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();
