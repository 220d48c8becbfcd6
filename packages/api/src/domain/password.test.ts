import { describe, expect, it } from 'vitest';
import { type Argon2Params, createPasswordHasher } from './password.ts';

// Small parameters: these tests are about the hasher's behaviour, not argon2's cost.
const quick: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const pepper = Buffer.alloc(32, 7);

describe('password hasher', () => {
  it('verifies what it hashed, with its pepper only', async () => {
    const hasher = createPasswordHasher(quick, pepper);
    const phc = await hasher.hash('canonical');
    expect(phc).toMatch(/^\$argon2id\$/);
    expect(await hasher.verify(phc, 'canonical')).toBe(true);
    expect(await hasher.verify(phc, 'other')).toBe(false);
    expect(await createPasswordHasher(quick, Buffer.alloc(32, 8)).verify(phc, 'canonical')).toBe(
      false,
    );
  });

  it('runs every kind of check to completion when only one may run at a time', async () => {
    const hasher = createPasswordHasher(quick, pepper, { concurrency: 1 });
    const phc = await hasher.hash('canonical');
    const outcomes = await Promise.all([
      hasher.burn('unknown user'),
      hasher.verify(phc, 'canonical'),
      hasher.burn('another'),
      hasher.hash('x').then((h) => h.startsWith('$argon2id$')),
    ]);
    expect(outcomes).toEqual([false, true, false, true]);
  });

  it('reports how many hashes run and how many wait for a slot', async () => {
    const hasher = createPasswordHasher(quick, pepper, { concurrency: 2 });
    expect(hasher.queue()).toMatchObject({ running: 0, waiting: 0 });
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => hasher.hash(`secret ${n}`)));
    // p-limit starts the first two on a microtask.
    await Promise.resolve();
    expect(hasher.queue()).toMatchObject({ running: 2, waiting: 3 });
    await all;
    expect(hasher.queue()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('asks for a rehash only when the parameters differ', async () => {
    const hasher = createPasswordHasher(quick, pepper);
    const phc = await hasher.hash('canonical');
    expect(hasher.needsRehash(phc)).toBe(false);
    expect(createPasswordHasher({ ...quick, timeCost: 2 }, pepper).needsRehash(phc)).toBe(true);
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });
});
