import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { type Argon2Params, createPasswordHasher } from './password.ts';

// Real argon2id at small parameters: these tests are about admission, not argon2's cost.
const quick: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const pepper = Buffer.alloc(32, 7);

type Hasher = ReturnType<typeof createPasswordHasher>;

/** What one job is taken to cost until one has been measured: the budgets below are multiples of it. */
const seedMs = createPasswordHasher(quick, pepper).queue().jobMs;

/** `count` operations of one hash each, all asked for in one event-loop turn, as a burst is. */
async function burst(hasher: Hasher, count: number) {
  const ran = Array.from({ length: count }, () => false);
  const calls = ran.map((_, i) =>
    hasher.admit(async () => {
      ran[i] = true;
      return hasher.hash(`secret ${i}`);
    }),
  );
  const admittedAtOnce = hasher.queue().admitted;
  const settled = await Promise.allSettled(calls);
  return { ran, settled, admittedAtOnce };
}

const refusal = (settled: PromiseSettledResult<string>) =>
  settled.status === 'rejected' && settled.reason instanceof AppError ? settled.reason : null;

describe('admission to password work', () => {
  it('refuses at once what would wait past the budget, and runs all it admits', async () => {
    const concurrency = 2;
    const budgetMs = 100;
    const hasher = createPasswordHasher(quick, pepper, { concurrency, queueBudgetMs: budgetMs });
    // Nothing measured yet: the burst is judged by the seed estimate of one job.
    const { jobMs } = hasher.queue();
    const fits = Math.floor((budgetMs * concurrency) / jobMs);
    expect(fits).toBeGreaterThanOrEqual(2);

    const { ran, settled, admittedAtOnce } = await burst(hasher, fits + 10);

    expect(admittedAtOnce).toBe(fits);
    const refused = settled.map(refusal);
    expect(refused.filter((r) => r === null)).toHaveLength(fits);
    settled.forEach((outcome, i) => {
      const error = refused[i];
      if (error) {
        expect(error.kind).toBe('OVERLOADED');
        expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(ran[i], `refused call ${i} ran its work`).toBe(false);
      } else {
        expect(outcome).toMatchObject({
          status: 'fulfilled',
          value: expect.stringMatching(/^\$argon2id\$/),
        });
      }
    });
    expect(hasher.queue()).toMatchObject({ admitted: 0, running: 0, waiting: 0, refused: 10 });
  });

  it('admits again once the admitted work is done', async () => {
    const hasher = createPasswordHasher(quick, pepper, { concurrency: 1, queueBudgetMs: 100 });
    const first = await burst(hasher, 20);
    expect(first.settled.some((s) => refusal(s)?.kind === 'OVERLOADED')).toBe(true);
    const again = await hasher.admit(() => hasher.hash('later'));
    expect(again).toMatch(/^\$argon2id\$/);
    expect(hasher.queue().admitted).toBe(0);
  });

  it('says when to retry: the estimated wait, in whole seconds', async () => {
    // One at a time, a budget of 30.5 seed jobs: 30 fit, the 31st would wait 31 jobs' time.
    const hasher = createPasswordHasher(quick, pepper, {
      concurrency: 1,
      queueBudgetMs: 30.5 * seedMs,
    });
    const { settled } = await burst(hasher, 40);
    const waits = settled.map((s) => refusal(s)?.retryAfterSeconds).filter((w) => w !== undefined);
    expect(waits).toHaveLength(10);
    expect(new Set(waits)).toEqual(new Set([Math.max(1, Math.ceil((31 * seedMs) / 1000))]));
  });

  it('always admits one operation, however small the budget', async () => {
    const hasher = createPasswordHasher(quick, pepper, { concurrency: 2, queueBudgetMs: 1 });
    const { ran, settled } = await burst(hasher, 3);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(ran).toEqual([true, false, false]);
    expect(await hasher.admit(() => hasher.hash('next'))).toMatch(/^\$argon2id\$/);
  });

  it('counts an operation of several jobs as several', async () => {
    // Two at a time, a budget of two seed jobs: four jobs fit, so a two-job operation fits beside two.
    const hasher = createPasswordHasher(quick, pepper, {
      concurrency: 2,
      queueBudgetMs: 2 * seedMs,
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = [hasher.admit(() => held), hasher.admit(() => held, 2)];
    expect(hasher.queue().admitted).toBe(3);
    await expect(hasher.admit(() => Promise.resolve(), 2)).rejects.toMatchObject({
      kind: 'OVERLOADED',
    });
    await expect(hasher.admit(() => Promise.resolve('fits'))).resolves.toBe('fits');
    release();
    await Promise.all(holding);
    expect(hasher.queue().admitted).toBe(0);
  });

  it('learns what a job costs from the jobs it runs', async () => {
    const hasher = createPasswordHasher(quick, pepper, { concurrency: 1 });
    const seed = hasher.queue().jobMs;
    for (let i = 0; i < 10; i += 1) await hasher.hash(`secret ${i}`);
    // A 1 MiB hash takes well under a millisecond or two; the average has moved most of the way there.
    expect(hasher.queue().jobMs).toBeLessThan(seed / 2);
  });
});
