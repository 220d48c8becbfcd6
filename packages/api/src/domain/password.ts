import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, parseOptions, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { DEFAULT_PASSWORD_QUEUE_BUDGET_MS, createPasswordAdmission } from './password-admission.ts';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's minimum for argon2id. */
export const OWASP_ARGON2: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** The canonical password every face agrees on: lowercase hex md5 of the UTF-8 plaintext. */
export const canonicalPassword = (plaintext: string): string =>
  createHash('md5').update(plaintext, 'utf8').digest('hex');

/** Security answers compare trimmed and case-folded. */
export const normaliseAnswer = (answer: string): string =>
  answer.trim().normalize('NFKC').toLowerCase();

/**
 * argon2id (the library's default algorithm) with a pepper, in PHC string format.
 * Runs on libuv's thread pool; callers await it. At most one hash more than there are cores
 * runs at a time: more would not finish sooner and each holds its 19 MiB while it runs; the
 * one extra keeps every core busy while the event loop hands out the next hash (measured on
 * 2 cores, random-user logins/s: 2 at a time 133-138, 3 at a time 146, 4 at a time 141-143).
 * Operations that hash go through `admit` first, which refuses what could not finish within
 * `queueBudgetMs` (password-admission.ts).
 */
export function createPasswordHasher(
  params: Argon2Params,
  pepper: Buffer,
  {
    concurrency = availableParallelism() + 1,
    queueBudgetMs = DEFAULT_PASSWORD_QUEUE_BUDGET_MS,
  }: { concurrency?: number; queueBudgetMs?: number } = {},
) {
  const options = { ...params, secret: pepper };
  const limit = pLimit(concurrency);
  const admission = createPasswordAdmission({ concurrency, budgetMs: queueBudgetMs });
  const bounded = <T>(job: () => Promise<T>) => limit(() => admission.timed(job));
  let dummy: Promise<string> | undefined;
  return {
    hash: (secret: string) => bounded(() => hash(secret, options)),
    verify: (phc: string, secret: string) =>
      bounded(() => verify(phc, secret, options)).catch(() => false),
    admit: admission.admit,
    /**
     * How many hashes hold a slot now and how many wait for one (the queue in front of libuv's
     * thread pool, which grows first when logins outrun the cores), the jobs admitted and not
     * done, one job's average milliseconds, and the operations refused so far (metrics).
     */
    queue: () => ({
      running: limit.activeCount,
      waiting: limit.pendingCount,
      ...admission.stats(),
    }),
    /** True when `phc` was made with other parameters than the configured ones. */
    needsRehash(phc: string): boolean {
      try {
        const used = parseOptions(phc);
        return (
          used.memoryCost !== params.memoryCost ||
          used.timeCost !== params.timeCost ||
          used.parallelism !== params.parallelism
        );
      } catch {
        return true;
      }
    },
    /**
     * Same work as a real check, for an account that does not exist: an unknown user and a
     * wrong password must cost the same time.
     */
    async burn(secret: string): Promise<false> {
      dummy ??= bounded(() => hash('no such account', options));
      const phc = await dummy; // outside the limit: waiting for a slot while holding one could deadlock
      await bounded(() => verify(phc, secret, options)).catch(() => false);
      return false;
    },
  };
}
