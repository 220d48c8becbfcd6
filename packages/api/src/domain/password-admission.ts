import { AppError } from '../errors.ts';

/** How long queued password work may take before new work is refused (PASSWORD_QUEUE_BUDGET_MS). */
export const DEFAULT_PASSWORD_QUEUE_BUDGET_MS = 1000;

/**
 * What one job costs until one has been measured: more than an OWASP hash takes on a loaded core
 * (~30 ms measured on 2 cores, 3 at a time), so a burst at start is cut early rather than late.
 */
const SEED_JOB_MS = 50;
/** Weight of the newest measurement in the average: the last ten or so jobs count. */
const SMOOTHING = 0.2;

/**
 * Admission to argon2 work (issue 15): an operation that could not finish within the budget is
 * refused at once with OVERLOADED, before it changes anything, rather than queued past its
 * client's timeout. Admitted jobs are counted from admission on, not from when they reach the
 * hasher: a burst of hundreds of logins in one event-loop turn is admitted before any of them has
 * queued its hash, and would all pass a look at the hasher's queue.
 */
export function createPasswordAdmission({
  concurrency,
  budgetMs,
}: {
  /** Jobs the hasher runs at once. */
  concurrency: number;
  budgetMs: number;
}) {
  let admittedJobs = 0;
  let refused = 0;
  /** Moving average of the wall time of one job, measured inside the hasher's limit. */
  let jobMs = SEED_JOB_MS;

  return {
    /**
     * Runs `work` (an operation that does `jobs` hashes or verifies) if its wait fits the budget;
     * otherwise throws OVERLOADED with the wait as Retry-After, without calling it. With nothing
     * admitted, work always is: a budget below one job's time must slow the service to one
     * operation at a time, never shut it.
     */
    admit: async <T>(work: () => Promise<T>, jobs = 1): Promise<T> => {
      const estimateMs = ((admittedJobs + jobs) * jobMs) / concurrency;
      if (admittedJobs > 0 && estimateMs > budgetMs) {
        refused += 1;
        throw new AppError(
          'OVERLOADED',
          undefined,
          null,
          Math.max(1, Math.ceil(estimateMs / 1000)),
        );
      }
      admittedJobs += jobs;
      try {
        return await work();
      } finally {
        admittedJobs -= jobs;
      }
    },
    /** Runs one hash or verify (inside the hasher's limit) and learns how long one takes. */
    timed: async <T>(job: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await job();
      jobMs += SMOOTHING * (performance.now() - started - jobMs);
      return result;
    },
    /** Jobs admitted and not done, the average job's milliseconds, operations refused so far. */
    stats: () => ({ admitted: admittedJobs, jobMs, refused }),
  };
}
