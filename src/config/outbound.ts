// How long Cassa waits for each peer it calls, composed into Config by loadConfig (ADR 0024): a peer
// that hangs must never hold a request or a job forever. Past the timeout the call counts as
// unanswered — a Checkout cart as "unknown" (never failed), a webhook delivery or an ACA upload as
// failed and retried with back-off.

export interface OutboundTimeouts {
  /** pagoPA Checkout, POST /carts (PAGOPA_CHECKOUT_TIMEOUT_MS). */
  readonly checkoutMs: number;
  /** pagoPA's notice archive, POST /paCreatePosition (ACA_TIMEOUT_MS). */
  readonly acaMs: number;
  /** One webhook delivery (WEBHOOKS_TIMEOUT_MS). */
  readonly webhooksMs: number;
}

export const DEFAULT_TIMEOUTS: OutboundTimeouts = { checkoutMs: 10_000, acaMs: 10_000, webhooksMs: 10_000 };

export const TIMEOUT_VARIABLES = ['PAGOPA_CHECKOUT_TIMEOUT_MS', 'ACA_TIMEOUT_MS', 'WEBHOOKS_TIMEOUT_MS'] as const;

/** The timeouts, each 100 ms … 2 minutes; `int` reports a bad value to loadConfig's list. */
export function outboundTimeouts(int: (name: string, fallback: number, min: number, max: number) => number) {
  const ms = (name: (typeof TIMEOUT_VARIABLES)[number], fallback: number) => int(name, fallback, 100, 120_000);
  return {
    checkoutMs: ms('PAGOPA_CHECKOUT_TIMEOUT_MS', DEFAULT_TIMEOUTS.checkoutMs),
    acaMs: ms('ACA_TIMEOUT_MS', DEFAULT_TIMEOUTS.acaMs),
    webhooksMs: ms('WEBHOOKS_TIMEOUT_MS', DEFAULT_TIMEOUTS.webhooksMs),
  } satisfies OutboundTimeouts;
}
