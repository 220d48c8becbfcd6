import { describe, expect, it } from 'vitest';
import { seedUsername } from '@acct/server/seed';
import { loginBody } from './random-login.ts';
import { median, medianOf, overloadResult, summarize } from './stats.ts';
import type { WrkResult } from './wrk.ts';

const run = (rps: number, p99ms: number, errors = 0): WrkResult => ({
  requests: rps * 10,
  seconds: 10,
  rps,
  p50ms: p99ms / 2,
  p99ms,
  errors,
  detail: { timeout: errors },
});

describe('bench statistics', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('reads percentiles off the sorted samples (nearest rank, never past the largest)', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1, unsorted
    expect(summarize(samples)).toMatchObject({ n: 200, p50: 101, p99: 199, max: 200 });
    expect(summarize([5]).p99).toBe(5);
    expect(summarize([]).p99).toBeNaN();
  });

  it('gives each figure as the median of its runs, and the breakdown of the median run by req/s', () => {
    const r = medianOf([run(100, 30, 1), run(300, 10, 5), run(200, 50, 0)]);
    expect(r).toMatchObject({ rps: 200, p99ms: 30, errors: 1, runs: [100, 300, 200] });
    expect(r.detail).toEqual({ timeout: 0 });
    expect(r.overload).toBeUndefined();
  });

  it('summarizes a closed-loop run: accepted figures in the wrk fields, refusals apart, not errors', () => {
    const tally = {
      seconds: 2,
      acceptedMs: Array.from({ length: 100 }, (_, i) => i + 1),
      refusedMs: [2, 4, 6, 8],
      timeouts: 1,
      socketErrors: 2,
      otherErrors: 3,
      cutAtEnd: 7,
    };
    const r = overloadResult(tally);
    expect(r).toMatchObject({ requests: 100, rps: 50, p50ms: 51, p99ms: 100, errors: 6 });
    expect(r.detail).toEqual({ timeout: 1, socket: 2, other: 3 });
    expect(r.overload).toEqual({
      refused: 4,
      refusedPerSecond: 2,
      refusedP99ms: 8,
      maxMs: 100,
      timeouts: 1,
      socketErrors: 2,
      otherErrors: 3,
      cutAtEnd: 7,
    });
    const runs = [1, 3, 2].map((k) =>
      overloadResult({ ...tally, timeouts: k, refusedMs: Array(k * 10).fill(k) }),
    );
    expect(medianOf(runs).overload).toMatchObject({ timeouts: 2, refused: 20, refusedP99ms: 2 });
    // No refusal: no tail to speak of, and a median over the runs that refused any.
    const calm = overloadResult({ ...tally, refusedMs: [] });
    expect(calm.overload.refusedP99ms).toBeNull();
    expect(medianOf([calm, calm, runs[0]!]).overload?.refusedP99ms).toBe(1);
    expect(medianOf([calm]).overload?.refusedP99ms).toBeNull();
  });

  it("builds the random-login generator's body for the same seeded accounts as the Lua does", () => {
    const pool = { users: 1000, passwords: ['p0', 'p1', 'p2'] };
    expect(JSON.parse(loginBody(123, pool))).toEqual({
      username: seedUsername(123),
      password: 'p0',
    });
    expect(JSON.parse(loginBody(5, pool))).toMatchObject({ password: 'p2' });
  });
});
