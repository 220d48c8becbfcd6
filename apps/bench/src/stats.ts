import type { WrkResult } from './wrk.ts';

/** Latency summary in milliseconds. */
export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(sorted.length, 1);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN, mean };
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Repeated runs of one measurement: each figure is the median of its runs; `runs` keeps every req/s. */
export type MedianResult = WrkResult & { runs: number[] };

export function medianOf(results: WrkResult[]): MedianResult {
  const of = (pick: (r: WrkResult) => number) => median(results.map(pick));
  const byRps = [...results].sort((a, b) => a.rps - b.rps);
  return {
    requests: of((r) => r.requests),
    seconds: of((r) => r.seconds),
    rps: of((r) => r.rps),
    p50ms: of((r) => r.p50ms),
    p99ms: of((r) => r.p99ms),
    errors: of((r) => r.errors),
    // The error breakdown of the median run by req/s (a breakdown of medians would not add up).
    detail: byRps[(byRps.length - 1) >> 1]!.detail,
    runs: results.map((r) => r.rps),
  };
}

/** Each run's req/s, as the report and the log show them. */
export const runsText = (r: MedianResult) =>
  r.runs.map((x) => Math.round(x).toLocaleString('en')).join(' / ');
