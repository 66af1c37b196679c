// Payment attempts: a citizen (through the portal or a back office) starting to pay 1–5 notices on
// pagoPA Checkout. Pure: statuses and the one transition table every change goes through. An attempt
// never marks a notice paid — only a receipt does; the attempt follows the receipts.
import type { Cents } from '../../../shared/money.ts';

export const ATTEMPT_STATUSES = [
  /** Recorded; the cart is being created at Checkout. */
  'CREATED',
  /** Checkout took the cart: the payer was sent there. */
  'STARTED',
  /**
   * The outcome is not known yet: Checkout's answer was lost (timeout, 5xx), or the payer came back
   * saying it went well (or is pending) and the receipt has not arrived.
   */
  'UNKNOWN',
  /** A receipt arrived for every notice of the attempt. */
  'SUCCEEDED',
  /** Checkout refused the cart, or the payer came back from an error or a cancellation. */
  'FAILED',
  /** Its time ran out with no receipt. */
  'EXPIRED',
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/**
 * Every allowed change. A receipt always wins: FAILED and EXPIRED attempts still become SUCCEEDED
 * when the receipts come after all (a slow PSP, a return URL that did not tell the truth).
 */
export const ATTEMPT_TRANSITIONS: Readonly<Record<AttemptStatus, readonly AttemptStatus[]>> = {
  CREATED: ['STARTED', 'UNKNOWN', 'FAILED', 'SUCCEEDED', 'EXPIRED'],
  STARTED: ['UNKNOWN', 'FAILED', 'SUCCEEDED', 'EXPIRED'],
  UNKNOWN: ['FAILED', 'SUCCEEDED', 'EXPIRED'],
  FAILED: ['SUCCEEDED'],
  EXPIRED: ['SUCCEEDED'],
  SUCCEEDED: [],
};

export function canTransitionAttempt(from: AttemptStatus, to: AttemptStatus): boolean {
  return ATTEMPT_TRANSITIONS[from].includes(to);
}

/** Statuses in which the attempt holds its notices: no other attempt may start on them. */
export const LIVE_STATUSES: readonly AttemptStatus[] = ['CREATED', 'STARTED', 'UNKNOWN'];
export const isLive = (status: AttemptStatus) => LIVE_STATUSES.includes(status);

/** pagoPA's cart limit (Checkout's CartRequestV2.paymentNotices: 1 to 5). */
export const MAX_CART_NOTICES = 5;
/** How long an attempt holds its notices: pagoPA's payment token lasts at most 30 minutes. */
export const ATTEMPT_TTL_MS = 30 * 60 * 1000;
/** How much longer the reconciler waits for the receipt of an attempt whose outcome is unknown. */
export const UNKNOWN_GRACE_MS = 30 * 60 * 1000;

/** What the payer came back from Checkout saying (proves nothing; see the transitions). */
export const RETURN_OUTCOMES = ['ok', 'cancel', 'error', 'waiting'] as const;
export type ReturnOutcome = (typeof RETURN_OUTCOMES)[number];

/** The status a return moves a live attempt to: ok and waiting only say "wait for the receipt". */
export function statusAfterReturn(outcome: ReturnOutcome): AttemptStatus {
  return outcome === 'ok' || outcome === 'waiting' ? 'UNKNOWN' : 'FAILED';
}

export interface AttemptNotice {
  nav: string;
  installmentId: string;
  amountCents: Cents;
  description: string;
  companyName: string;
  /** When its receipt arrived. */
  paidAt: Date | null;
}

export interface ReturnUrls {
  ok: string;
  cancel: string;
  error: string;
  waiting: string;
}

export interface Attempt {
  id: string;
  entityId: string;
  status: AttemptStatus;
  /** sandbox: Cassa's built-in pagoPA simulator; pagopa: the real Checkout. */
  checkout: 'sandbox' | 'pagopa';
  notices: AttemptNotice[];
  totalCents: Cents;
  /** Where Checkout sends the payer back (the caller's), reached through Cassa's own return route. */
  returnUrls: ReturnUrls;
  email: string | null;
  /** Checkout's page for this cart; null until Checkout answered. */
  redirectUrl: string | null;
  lastReturn: ReturnOutcome | null;
  note: string | null;
  createdAt: Date;
  expiresAt: Date;
  updatedAt: Date;
  requestedBy: string;
  /**
   * The portal browser that started it (a keyed hash of its CSRF cookie), null when the API did:
   * only the same browser, or the same API caller, may take a live attempt up again.
   */
  browserTag: string | null;
}

/** Until when a live attempt holds its notices: its expiry, and the grace of an unknown outcome. */
export function holdsUntil(attempt: Pick<Attempt, 'status' | 'expiresAt'>): Date {
  return new Date(attempt.expiresAt.getTime() + (attempt.status === 'UNKNOWN' ? UNKNOWN_GRACE_MS : 0));
}

/**
 * Whether a second start may take up a live attempt rather than be told it is in progress: the same
 * portal browser (a double click, a second tab), or, from the API, the same caller's attempt.
 */
export function mayResume(
  attempt: Pick<Attempt, 'browserTag' | 'requestedBy'>,
  by: { actorId: string; browserTag?: string | undefined },
): boolean {
  if (by.browserTag !== undefined) return attempt.browserTag === by.browserTag;
  return attempt.browserTag === null && attempt.requestedBy === by.actorId;
}
