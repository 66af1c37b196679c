// The metrics port (shared/metrics.ts) on prom-client, with one Registry per instance (never
// prom-client's global one), so that tests and several apps in one process keep their own counts.
// Gauges that describe the present (queue depths, database connections) are read when scraped.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { Jobs } from '../jobs/boss.ts';
import type { Metrics } from '../shared/metrics.ts';

/** Labels of a request: its route pattern (never the raw URL), or `unmatched`. */
export interface RequestLabels {
  method: string;
  route: string;
  status: number;
}

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  observeRequest(labels: RequestLabels, seconds: number): void;
  /** Reads the pool and the queues at each scrape (either may be absent: the CLI, most tests). */
  watch(sources: { database?: Pick<Database, 'kind' | 'poolStats'>; jobs?: Pick<Jobs, 'depths'> | undefined }): void;
}

/** How long a scrape waits for the queue depths (a pool at its limit must not hold up the scrape). */
const DEPTHS_TIMEOUT_MS = 2000;

/** `process: true` adds Node's own metrics (CPU, memory, event loop); main.ts turns it on. */
export function prometheusMetrics(options: { process?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.process) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Histogram({
    name: 'cassa_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took (its _count counts them)',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const station = new Counter({
    name: 'cassa_station_calls_total',
    help: 'Calls of the pagoPA station (paForNode) by SOAP primitive and outcome (OK, KO, refused)',
    labelNames: ['primitive', 'outcome'],
    registers,
  });
  const payments = new Counter({
    name: 'cassa_payments_taken_total',
    help: 'Payments taken in by channel and result: applied, overpayment_item, duplicate, conflict',
    labelNames: ['channel', 'result'],
    registers,
  });
  const webhooks = new Counter({
    name: 'cassa_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered, retry (to be tried again), failed (given up)',
    labelNames: ['outcome'],
    registers,
  });
  const jobRuns = new Counter({
    name: 'cassa_jobs_total',
    help: 'Background job runs by queue and outcome: completed, failed (retried by pg-boss), invalid (payload refused)',
    labelNames: ['queue', 'outcome'],
    registers,
  });
  let sources: Parameters<PrometheusMetrics['watch']>[0] = {};
  new Gauge({
    name: 'cassa_job_queue_jobs',
    help: 'Jobs in each queue by state: queued, active, failed (the failed ones pg-boss still keeps)',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      if (!sources.jobs) return;
      const depths = await Promise.race([
        sources.jobs.depths(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), DEPTHS_TIMEOUT_MS).unref()),
      ]).catch(() => undefined);
      for (const q of depths ?? []) {
        this.set({ queue: q.name, state: 'queued' }, q.queued);
        this.set({ queue: q.name, state: 'active' }, q.active);
        this.set({ queue: q.name, state: 'failed' }, q.failed);
      }
    },
  });
  new Gauge({
    name: 'cassa_db_pool_connections',
    help: 'Database connections of the pool: total, idle and waiting clients',
    labelNames: ['kind', 'state'],
    registers,
    collect() {
      this.reset();
      const { database } = sources;
      if (!database) return;
      for (const [state, value] of Object.entries(database.poolStats())) {
        if (value !== undefined) this.set({ kind: database.kind, state }, value);
      }
    },
  });

  return {
    registry,
    observeRequest: (labels, seconds) =>
      requests.observe({ method: labels.method, route: labels.route, status: String(labels.status) }, seconds),
    watch: (watched) => {
      sources = watched;
    },
    stationCall: (primitive, outcome) => station.inc({ primitive, outcome }),
    paymentTaken: (channel, result) =>
      payments.inc({ channel, result: result === 'held' ? 'overpayment_item' : result }),
    webhookDelivery: (outcome) => webhooks.inc({ outcome }),
    jobRun: (queue, outcome) => jobRuns.inc({ queue, outcome }),
  };
}
