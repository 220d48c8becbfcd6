import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import type { AdminListResult } from './admin-list.ts';
import { threadSplit } from './cpu.ts';
import { RSS_TARGET, type Target } from './scenarios.ts';
import { type MedianResult, runsText } from './stats.ts';
import { REQUEST_TIMEOUT_MS } from './wrk.ts';

export type Row = MedianResult & {
  scenario: string;
  connections: number;
  peakRssMiB: number;
  ceiling: number | null;
  ratio: number | null;
  /** The same figure against the bare server of the same library shape. */
  library: { name: string; ratio: number } | null;
  /** Bare node:http's p99 at the same concurrency in the same run (median of the paired runs). */
  httpP99ms?: number | null;
  target: Target;
  /** Cores each group of processes kept busy during the last measured run (see cpu.ts). */
  cpu?: Record<string, number>;
};

export interface Report {
  date: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  command: string;
  /** Which database, and how many server instances (behind nginx when more than one). */
  backend?: string;
  instances?: number;
  users: number;
  seconds: number;
  /** Each figure is the median of this many runs, after one unmeasured warm-up per server. */
  runs: number;
  warmupSeconds: number;
  /** Per server (node:http, then bare servers of our libraries' shapes), per concurrency. */
  ceilings: { argon2PerSecond: number; http: Record<string, Record<number, MedianResult>> };
  rows: Row[];
  adminList: AdminListResult[];
}

const docs = new URL('../../../docs/', import.meta.url);
const START = '<!-- bench:load:start -->';
const END = '<!-- bench:load:end -->';

const f = (x: number, d = 0) =>
  x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The zero-error and p99 parts of a target apply at one concurrency, or at all when none is named. */
const judgesErrorsAndTail = ({ target, connections }: Row) =>
  target.errorsAndTailAt === undefined || target.errorsAndTailAt === connections;

/**
 * Timeouts and broken connections: the closed-loop generator counts them apart; for a wrk row
 * they are its timeout, connect, read and write errors.
 */
const timeoutsAndSocketErrors = (row: Row) =>
  row.overload
    ? row.overload.timeouts + row.overload.socketErrors
    : ['timeout', 'connect', 'read', 'write'].reduce((sum, key) => sum + (row.detail[key] ?? 0), 0);

const serverThreads = threadSplit('server');

/** Cores one group kept busy in the row's last run (cpu.ts), or blank if not recorded. */
const coresText = (row: Row, group: string) =>
  row.cpu?.[group] === undefined ? '' : f(row.cpu[group], 2);

const verdict = (row: Row) => {
  const checks: boolean[] = [];
  if (row.target.rps !== undefined) checks.push(row.rps >= row.target.rps);
  if (row.target.ratio !== undefined && row.ratio !== null)
    checks.push(row.ratio >= row.target.ratio);
  if (judgesErrorsAndTail(row) && row.target.zeroErrors) checks.push(row.errors === 0);
  if (judgesErrorsAndTail(row) && row.target.noTimeoutsOrSocketErrors)
    checks.push(timeoutsAndSocketErrors(row) === 0);
  if (judgesErrorsAndTail(row) && row.target.p99ms !== undefined)
    checks.push(row.p99ms < row.target.p99ms);
  if (judgesErrorsAndTail(row) && row.target.tailOfHttp !== undefined && row.httpP99ms)
    checks.push(row.p99ms <= row.target.tailOfHttp * row.httpP99ms);
  if (checks.length === 0) return '—';
  return checks.every(Boolean) ? 'met' : 'missed';
};
const targetText = (row: Row) => {
  const { target } = row;
  const parts = [
    target.rps !== undefined ? `≥ ${target.rps} req/s` : null,
    target.ratio !== undefined ? `≥ ${Math.round(target.ratio * 100)}% of ceiling` : null,
  ];
  if (judgesErrorsAndTail(row)) {
    parts.push(
      target.zeroErrors ? 'zero errors' : null,
      target.noTimeoutsOrSocketErrors ? 'no timeouts or socket errors' : null,
      target.p99ms !== undefined
        ? `p99${row.overload ? ' of accepted' : ''} < ${target.p99ms} ms`
        : null,
      target.tailOfHttp !== undefined
        ? `p99 ≤ ${target.tailOfHttp}× node:http's${row.httpP99ms ? ` (${f(target.tailOfHttp * row.httpP99ms, 1)} ms)` : ''}`
        : null,
    );
  }
  return parts.filter(Boolean).join(', ');
};
const rssVerdict = (row: Row) => (row.peakRssMiB * 2 ** 20 < RSS_TARGET.bytes ? 'met' : 'missed');

/**
 * Writes docs/bench/results.json and the generated load section of docs/BENCHMARKS.md; a labelled
 * run (another backend, another instance count) writes docs/bench/results-<label>.json alone, for
 * compare.ts to set beside the others.
 */
export function writeReport(report: Report, label: string | null = null) {
  mkdirSync(new URL('bench/', docs), { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (label !== null) {
    writeFileSync(new URL(`bench/results-${label}.json`, docs), json);
    return;
  }
  writeFileSync(new URL('bench/results.json', docs), json);
  const overloadRows = report.rows.filter((r) => r.overload);
  // Generated tables stay as written: Prettier (pnpm lint) leaves the block alone.
  const lines = [
    START,
    '<!-- prettier-ignore-start -->',
    `Generated by \`${report.command}\` on ${report.date.slice(0, 10)}: ${report.machine.cpus} cores (${report.machine.model}), ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; wrk 4.1 (one thread)${overloadRows.length > 0 ? ", and for random-user logins the bench's own closed-loop generator (see the method)," : ''} on the same machine; ${f(report.users)} accounts. Every figure is the median of ${report.runs} runs of ${report.seconds} s (each run's req/s in the *runs* column), after a ${report.warmupSeconds} s unmeasured warm-up per scenario; peak RSS is the highest of the runs.`,
    '',
    `Ceilings measured in the same run: argon2id at OWASP parameters ${f(report.ceilings.argon2PerSecond, 1)} hashes/s on all cores; and servers answering a fixed JSON body (the targets' ratios are to bare \`node:http\`; the other servers are bare servers of our libraries' shapes, and show what those libraries allow). In the scenario table, *of ceiling* and *of library ceiling* are medians of per-run ratios: each run is paired with a run of its ceiling measured just before it, so the machine's drift between this table and a scenario does not enter them.`,
    '',
    '| ceiling | conns | req/s | runs | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(report.ceilings.http).flatMap(([name, byConns]) =>
      Object.entries(byConns).map(
        ([c, r]) =>
          `| ${name} | ${c} | ${f(r.rps)} | ${runsText(r)} | ${f(r.p50ms, 1)} | ${f(r.p99ms, 1)} | ${f(r.errors)} |`,
      ),
    ),
    '',
    '| scenario | conns | req/s | runs | p50 ms | p99 ms | errors | peak RSS MiB | RSS < 300 MB | of ceiling | target | | of library ceiling |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (r) =>
        `| ${r.scenario} | ${r.connections} | ${f(r.rps)} | ${runsText(r)} | ${f(r.p50ms, 1)} | ${f(r.p99ms, 1)} | ${f(r.errors)} | ${f(r.peakRssMiB)} | ${rssVerdict(r)} | ${r.ratio === null ? '' : `${f(r.ratio * 100)}%`} | ${targetText(r)} | ${verdict(r)} | ${r.library ? `${f(r.library.ratio * 100)}% of ${r.library.name}` : ''} |`,
    ),
    ...(overloadRows.length === 0
      ? []
      : [
          '',
          `Random-user logins, closed loop (each connection sends its next login when the last is answered, and after a 503 waits its \`Retry-After\` plus up to as long again): in the table above their req/s, p50 and p99 are those of the **accepted** logins and *errors* counts timeouts (${REQUEST_TIMEOUT_MS / 1000} s), socket errors and other answers, not refusals. Their own figures, medians of the same runs (*cut* = requests still in flight when the run ended, counted neither way):`,
          '',
          '| scenario | conns | accepted/s | refused/s | p50 ms | p99 ms | max ms | refusal p99 ms | timeouts | socket errors | other errors | cut | of argon2 ceiling | cores hashing | cores event loop | cores generator |',
          '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
          ...overloadRows.map(
            (r) =>
              `| ${r.scenario} | ${r.connections} | ${f(r.rps, 1)} | ${f(r.overload!.refusedPerSecond, 1)} | ${f(r.p50ms, 1)} | ${f(r.p99ms, 1)} | ${f(r.overload!.maxMs, 1)} | ${r.overload!.refusedP99ms === null ? '—' : f(r.overload!.refusedP99ms, 1)} | ${f(r.overload!.timeouts)} | ${f(r.overload!.socketErrors)} | ${f(r.overload!.otherErrors)} | ${f(r.overload!.cutAtEnd)} | ${r.ratio === null ? '' : `${f(r.ratio * 100)}%`} | ${coresText(r, serverThreads.threadPool)} | ${coresText(r, serverThreads.eventLoop)} | ${coresText(r, 'generator')} |`,
          ),
          '',
          `The argon2 ceiling is every core hashing and nothing else running. *cores hashing* (libuv's thread pool, where argon2 runs), *cores event loop* (the server's main thread: HTTP, the database, the refusals) and *cores generator* are the cores each kept busy in the last run, of ${report.machine.cpus}: logins can reach the ceiling's share that the hashing threads got, no more.`,
        ]),
    '',
    `Admin console user list (tRPC \`admin.listUsers\`, 20 rows a page, keyset over the \`lower(username)\` index), one request at a time after 20 warm-ups, on the same ${f(report.users)} accounts:`,
    '',
    '| scenario | requests | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
    ...report.adminList.map(
      (r) => `| ${r.scenario} | ${r.n} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.max, 2)} |`,
    ),
    '<!-- prettier-ignore-end -->',
    END,
  ];
  const file = new URL('BENCHMARKS.md', docs);
  const current = readFileSync(file, 'utf8');
  const section = lines.join('\n');
  const next = current.includes(START)
    ? current.replace(new RegExp(`${START}[\\s\\S]*${END}`), section)
    : `${current.trimEnd()}\n\n## Load (\`pnpm bench\`)\n\n${section}\n`;
  writeFileSync(file, next);
}
