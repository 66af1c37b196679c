// Webhooks: what Cassa tells a back office, how the body is signed, when a failed delivery is tried
// again. Pure.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const EVENT_TYPES = [
  /** A notice (an instalment, or the single payment) was paid: by a pagoPA receipt or another channel. */
  'installment.paid',
  /** The whole debt position is paid. */
  'position.paid',
  /** A receipt could not settle a debt and is held as an over-payment item to refund. */
  'overpayment.raised',
  /** The position expired (switchToExpired, past its last due date). */
  'position.expired',
  /** The position was invalidated. */
  'position.invalidated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SIGNATURE_HEADER = 'cassa-signature';

/** A new endpoint secret: 32 random bytes, base64url, prefixed so it is recognisable in a config. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the value of the Cassa-Signature header. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Checks a Cassa-Signature header the way a receiver should: the HMAC over the raw body with the
 * endpoint's secret, compared in constant time, and a timestamp no older than `toleranceSeconds`.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

/** Deliveries are tried for at least this long before they are given up (then they can be replayed). */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * How long to wait after failed attempt number `attempt` (1-based): one minute, doubling, at most six
 * hours, each time ±20 % at random so that many receivers coming back at once are not all hit together.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Whether a delivery that has just failed is given up: only once it has been tried for RETRY_FOR_MS. */
export function givesUp(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() >= RETRY_FOR_MS;
}

/** Where a webhook may be sent: https, or http only when allowed (development), never with credentials. */
export function checkEndpointUrl(raw: string, allowHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return allowHttp ? 'must be an http:// or https:// URL' : 'must be an https:// URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (raw.length > 2000) return 'is longer than 2000 characters';
  return undefined;
}
