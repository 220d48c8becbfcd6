import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from './attempt-limiter.ts';

describe('attempt limiter', () => {
  it('blocks after max failures within the window and frees the key as they age out', () => {
    let time = 0;
    const limiter = createAttemptLimiter({ max: 3, windowMs: 1000, now: () => time });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.blocked('a')).toBe(false);
      limiter.fail('a');
      time += 100;
    }
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.blocked('b')).toBe(false);
    time = 1001; // the first failure (t=0) has aged out
    expect(limiter.blocked('a')).toBe(false);
    limiter.reset('a');
    limiter.fail('a');
    expect(limiter.blocked('a')).toBe(false);
  });

  it('stays bounded in the number of keys', () => {
    const limiter = createAttemptLimiter({ max: 1, windowMs: 1000, maxKeys: 2, now: () => 0 });
    limiter.fail('a');
    limiter.fail('b');
    limiter.fail('c');
    expect(limiter.blocked('a')).toBe(false); // evicted
    expect(limiter.blocked('c')).toBe(true);
  });
});
