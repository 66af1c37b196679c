// Domain events: what happened, told once, in the transaction of the change (record.ts), and the
// named consumers that act on them, each with its own progress (events.service.ts). Pure: the event
// types, which consumer takes which, and when a failed one is tried again. See ADR 0026.

export const DOMAIN_EVENT_TYPES = [
  /** A notice (an instalment, or the single payment) was paid, by any channel. */
  'installment.paid',
  /** The whole debt position is paid. */
  'position.paid',
  /** Money that settles no debt is held as an over-payment item to refund. */
  'overpayment.raised',
  /** The position expired. */
  'position.expired',
  /** The position was invalidated. */
  'position.invalidated',
  /** Money arrived for a notice and was stored (applied or held): the payment attempts follow it. */
  'payment.received',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** An event as it is recorded; `data` is JSON. */
export interface DomainEvent {
  entityId: string;
  type: DomainEventType;
  data: Record<string, unknown>;
  at: Date;
}

/** An event as a consumer gets it. */
export interface StoredEvent {
  id: string;
  entityId: string;
  type: DomainEventType;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The named consumers and the types each takes: an inbox row is written for each, with the event.
 * A new consumer is a line here and a handler wired in services.ts.
 */
export const CONSUMERS = {
  /** webhooks/webhook-consumer.ts: the back office's webhooks (the types of webhook.ts EVENT_TYPES). */
  webhooks: ['installment.paid', 'position.paid', 'overpayment.raised', 'position.expired', 'position.invalidated'],
  /** payments/attempts: the attempt that started a payment follows its receipt. */
  'payment-attempts': ['payment.received'],
} as const satisfies Record<string, readonly DomainEventType[]>;
export type ConsumerName = keyof typeof CONSUMERS;
export const CONSUMER_NAMES = Object.keys(CONSUMERS) as ConsumerName[];

/** The consumers an event of `type` goes to. */
export const consumersOf = (type: DomainEventType): ConsumerName[] =>
  CONSUMER_NAMES.filter((name) => (CONSUMERS[name] as readonly string[]).includes(type));

const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/** After failed try number `attempt` (1-based): 30 s, doubling, at most an hour; never given up. */
export const retryDelayMs = (attempt: number): number =>
  Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
