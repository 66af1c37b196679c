// An open-model load generator: request i is sent at start + i / rate whether or not the earlier
// ones have answered (constant arrival rate, as k6's constant-arrival-rate and pagoPA's
// constant.json profile), so a slow server gets a queue instead of a politely slower client.
// Latency is measured from the time a request was due, not from when it left, so that a late
// send (a busy generator) is counted against the figures rather than hidden (no coordinated omission).

export interface Operation {
  name: string;
  /** Sends one request; resolves with a problem description when the answer is not the expected one. */
  run(): Promise<string | undefined>;
}

export interface RouteFigures {
  name: string;
  count: number;
  errors: number;
  samples: string[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadFigures {
  routes: RouteFigures[];
  all: RouteFigures;
  sent: number;
  seconds: number;
  /** Completed requests per second, from the first send to the last answer. */
  achievedRate: number;
  /** Requests sent per second, from the first send to the last. */
  sendRate: number;
  /** The latest a request left after it was due, in ms (the generator's own lag). */
  maxSendLagMs: number;
}

const SAMPLES = 5;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figures(name: string, latencies: number[], errors: number, samples: string[]): RouteFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    count: latencies.length,
    errors,
    samples,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

/**
 * Sends `rate` requests a second for `seconds`, taking operation i from `pick(i)`; waits for the
 * last answers (each request bounded by its own timeout) and returns the figures per operation.
 */
export async function openLoop(options: {
  rate: number;
  seconds: number;
  pick: (i: number) => Operation;
}): Promise<LoadFigures> {
  const { rate, seconds, pick } = options;
  const total = Math.round(rate * seconds);
  const byName = new Map<string, { latencies: number[]; errors: number; samples: string[] }>();
  const pending = new Set<Promise<void>>();
  let maxSendLagMs = 0;
  const start = performance.now();

  const send = (i: number, due: number) => {
    const op = pick(i);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    const entry = byName.get(op.name) ?? { latencies: [], errors: 0, samples: [] };
    byName.set(op.name, entry);
    const done = op
      .run()
      .catch(
        (error: unknown) =>
          `no answer: ${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ''}`,
      )
      .then((problem) => {
        entry.latencies.push(performance.now() - due);
        if (problem !== undefined) {
          entry.errors++;
          if (entry.samples.length < SAMPLES) entry.samples.push(problem);
        }
      });
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };

  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / rate <= now) {
        send(next, start + (next * 1000) / rate);
        next++;
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(5, start + (next * 1000) / rate - performance.now())));
    };
    tick();
  });
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;

  const routes = [...byName.entries()]
    .map(([name, e]) => figures(name, e.latencies, e.errors, e.samples))
    .sort((a, b) => a.name.localeCompare(b.name));
  const all = figures(
    'all',
    [...byName.values()].flatMap((e) => e.latencies),
    routes.reduce((sum, r) => sum + r.errors, 0),
    [],
  );
  return {
    routes,
    all,
    sent: total,
    seconds: elapsed,
    achievedRate: all.count / elapsed,
    sendRate: total / sendSeconds,
    maxSendLagMs,
  };
}
