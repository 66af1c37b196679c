// The metrics port: the counters services and jobs move, without knowing that prom-client exposes
// them (http/prometheus.ts). Labels are small closed sets, never identifiers (ADR 0030).

/** What a webhook delivery attempt came to: sent, to be tried again, or given up. */
export type WebhookOutcome = 'delivered' | 'retry' | 'failed';

/** How a job run ended; `invalid` is a payload its definition refuses (no work done). */
export type JobOutcome = 'completed' | 'failed' | 'invalid';

export interface Metrics {
  /** A call of the pagoPA station: the SOAP primitive (or `unknown`) and OK, KO or refused. */
  stationCall(primitive: string, outcome: 'OK' | 'KO' | 'refused'): void;
  /** Money taken in through a channel: applied, held (an over-payment item), duplicate or conflict. */
  paymentTaken(channel: string, result: 'applied' | 'held' | 'duplicate' | 'conflict'): void;
  webhookDelivery(outcome: WebhookOutcome): void;
  jobRun(queue: string, outcome: JobOutcome): void;
}

/** Counts nothing: the default of createServices. */
export const noMetrics: Metrics = {
  stationCall: () => {},
  paymentTaken: () => {},
  webhookDelivery: () => {},
  jobRun: () => {},
};

/** Counts every call as `method label…` → n, for tests of code that moves counters. */
export function recordingMetrics(): Metrics & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const add = (...key: string[]) => counts.set(key.join(' '), (counts.get(key.join(' ')) ?? 0) + 1);
  return {
    counts,
    stationCall: (primitive, outcome) => add('stationCall', primitive, outcome),
    paymentTaken: (channel, result) => add('paymentTaken', channel, result),
    webhookDelivery: (outcome) => add('webhookDelivery', outcome),
    jobRun: (queue, outcome) => add('jobRun', queue, outcome),
  };
}
