// Internal identifiers: UUID version 7 (time-ordered, so indexes stay compact and rows sort by age).
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/** Returns a new RFC 9562 UUIDv7; monotonic within this process. */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  if (now <= lastMs) {
    // Same millisecond (or clock went back): keep ordering with a 12-bit counter in rand_a.
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs++;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = bytes[6]! & 0x07;
  }
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
