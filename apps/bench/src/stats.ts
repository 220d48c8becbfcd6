import type { ClosedLoopTally } from './closed-loop.ts';
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

/**
 * What the closed-loop generator measures beyond a wrk run's figures (whose req/s, p50 and p99
 * are then those of the accepted requests only, and whose errors exclude refusals).
 */
export interface OverloadFigures {
  refused: number;
  refusedPerSecond: number;
  /** Null when nothing was refused (in a median: over the runs that refused any). */
  refusedP99ms: number | null;
  /** The slowest accepted request. */
  maxMs: number;
  timeouts: number;
  socketErrors: number;
  otherErrors: number;
  /** Requests in flight when the window closed, counted neither way. */
  cutAtEnd: number;
}

export type OverloadResult = WrkResult & { overload: OverloadFigures };

/** A closed-loop run's tally as one result, in the shape of a wrk run's plus its own figures. */
export function overloadResult(tally: ClosedLoopTally): OverloadResult {
  const accepted = summarize(tally.acceptedMs);
  const refused = summarize(tally.refusedMs);
  const detail = { timeout: tally.timeouts, socket: tally.socketErrors, other: tally.otherErrors };
  return {
    requests: accepted.n,
    seconds: tally.seconds,
    rps: accepted.n / tally.seconds,
    p50ms: accepted.p50,
    p99ms: accepted.p99,
    errors: detail.timeout + detail.socket + detail.other,
    detail,
    overload: {
      refused: refused.n,
      refusedPerSecond: refused.n / tally.seconds,
      refusedP99ms: refused.n > 0 ? refused.p99 : null,
      maxMs: accepted.max,
      timeouts: tally.timeouts,
      socketErrors: tally.socketErrors,
      otherErrors: tally.otherErrors,
      cutAtEnd: tally.cutAtEnd,
    },
  };
}

function medianFigures(runs: OverloadFigures[]): OverloadFigures {
  const of = (pick: (o: OverloadFigures) => number) => median(runs.map(pick));
  const refusedTails = runs.flatMap((o) => (o.refusedP99ms === null ? [] : [o.refusedP99ms]));
  return {
    refused: of((o) => o.refused),
    refusedPerSecond: of((o) => o.refusedPerSecond),
    refusedP99ms: refusedTails.length > 0 ? median(refusedTails) : null,
    maxMs: of((o) => o.maxMs),
    timeouts: of((o) => o.timeouts),
    socketErrors: of((o) => o.socketErrors),
    otherErrors: of((o) => o.otherErrors),
    cutAtEnd: of((o) => o.cutAtEnd),
  };
}

/** Repeated runs of one measurement: each figure is the median of its runs; `runs` keeps every req/s. */
export type MedianResult = WrkResult & { runs: number[]; overload?: OverloadFigures };

export function medianOf(results: (WrkResult & { overload?: OverloadFigures })[]): MedianResult {
  const of = (pick: (r: WrkResult) => number) => median(results.map(pick));
  const byRps = [...results].sort((a, b) => a.rps - b.rps);
  const overloads = results.flatMap((r) => (r.overload ? [r.overload] : []));
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
    // Closed-loop runs: each of their own figures the median of its runs too.
    ...(overloads.length === results.length && overloads.length > 0
      ? { overload: medianFigures(overloads) }
      : {}),
  };
}

/** Each run's req/s, as the report and the log show them. */
export const runsText = (r: MedianResult) =>
  r.runs.map((x) => Math.round(x).toLocaleString('en')).join(' / ');

/** A closed-loop run's own figures, as the log shows them. */
export const overloadText = (o: OverloadFigures) =>
  `refused ${o.refusedPerSecond.toFixed(0)}/s (p99 ${o.refusedP99ms === null ? '—' : `${o.refusedP99ms.toFixed(1)} ms`}), accepted max ${o.maxMs.toFixed(0)} ms, timeouts ${o.timeouts}, socket errors ${o.socketErrors}, other errors ${o.otherErrors}, cut at the end ${o.cutAtEnd}`;
