// A small in-process limiter for anonymous look-ups: at most `limit` failures per key in a sliding
// window (the reliability battery's G2 figure: 20 failed look-ups in 10 minutes per address). Per
// process: several processes behind one address each keep their own count.
export interface FailureLimiter {
  /** Whether the key may try again now. */
  allowed(key: string): boolean;
  /** Records a failure of the key. */
  fail(key: string): void;
  /** Seconds until the key may try again (0 when it may now). */
  retryAfter(key: string): number;
}

export function failureLimiter(options: { limit: number; windowMs: number; now?: () => number }): FailureLimiter {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (key: string) => {
    const cutoff = now() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    allowed: (key) => recent(key).length < options.limit,
    fail(key) {
      const kept = recent(key);
      kept.push(now());
      failures.set(key, kept);
      // Bounded memory: forget the oldest keys beyond 100 000.
      if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
    },
    retryAfter(key) {
      const kept = recent(key);
      if (kept.length < options.limit) return 0;
      return Math.max(1, Math.ceil((kept[0]! + options.windowMs - now()) / 1000));
    },
  };
}
