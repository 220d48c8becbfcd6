/**
 * Counts failed attempts per key (an account's lowercased username) in a sliding window and
 * refuses further attempts once `max` have failed, without doing the costly check (ASVS 2.2.1:
 * at most 100 failures per account per hour). Keyed by account, not by address, so rotating
 * X-Forwarded-For or source addresses does not help. In memory, per process: with several
 * instances the bound multiplies by their number. Bounded in size (oldest keys go first).
 */
export function createAttemptLimiter(options: { max: number; windowMs: number; maxKeys?: number; now: () => number }) {
  const { max, windowMs, maxKeys = 100_000, now } = options;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const cutoff = now() - windowMs;
    const times = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };

  return {
    /** True while the key has used up its failures for the window. */
    blocked: (key: string): boolean => recent(key).length >= max,
    fail(key: string): void {
      const times = recent(key);
      failures.delete(key); // re-insert at the young end
      failures.set(key, [...times, now()].slice(-max));
      if (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
    },
    reset(key: string): void {
      failures.delete(key);
    },
  };
}

export type AttemptLimiter = ReturnType<typeof createAttemptLimiter>;
