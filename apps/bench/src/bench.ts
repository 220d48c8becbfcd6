/**
 * The load benchmark: `pnpm bench [--users N] [--seconds S] [--runs R] [--warmup W] [--connections 200,1000] [--data-dir DIR]`.
 * Seeds DIR to N accounts (resumable), starts the server as its own process, and drives each
 * scenario with wrk (random-user logins with the bench's own closed-loop generator, overload.ts)
 * at each concurrency (after an unmeasured warm-up; every figure the median of R runs; a ratio to
 * a ceiling pairs each run with a ceiling run just before it), then times the
 * admin console's user list. In the same run it measures the ceilings: raw argon2id hashes per
 * second, a bare node:http server, and bare servers of our libraries' shapes. Writes docs/bench/results.json and the generated
 * section of docs/BENCHMARKS.md.
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OWASP_ARGON2, canonicalPassword } from '@acct/api';
import { parseEnv } from '@acct/server/env';
import { seed, seedPassword, seedUsername } from '@acct/server/seed';
import { ensureBenchAdmin, measureAdminList } from './admin-list.ts';
import { argon2PerSecond } from './argon2-ceiling.ts';
import { childEnv } from './config.ts';
import { type CpuGroups, withCpuSplit } from './cpu.ts';
import { startInstances } from './instances.ts';
import { benchPostgres } from './postgres.ts';
import { CEILING_NAMES, startCeilings } from './ceilings.ts';
import { startOverloadClient } from './overload.ts';
import { settle, startScriptNodeArgs, withPeakRss } from './processes.ts';
import { type Row, writeReport } from './report.ts';
import { FIXED_USERS, scenarios } from './scenarios.ts';
import { type MedianResult, median, medianOf, overloadText, runsText } from './stats.ts';
import { REQUEST_TIMEOUT_MS, runWrk } from './wrk.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000000' },
    seconds: { type: 'string', default: '10' },
    // The machine's speed drifts by up to a third within an hour: medians of runs, not one run.
    runs: { type: 'string', default: '3' },
    // JIT, V8's heap sizing and the caches settle in the first seconds of load; not measured.
    warmup: { type: 'string' },
    connections: { type: 'string', default: '200,1000' },
    'data-dir': { type: 'string', default: './data-bench' },
    'no-report': { type: 'boolean', default: false },
    // PostgreSQL instead of SQLite: a cluster kept in this directory (created on first use).
    postgres: { type: 'string' },
    // Server instances; more than one stand behind nginx, as docs/deploy.md runs them.
    instances: { type: 'string', default: '1' },
    // Write docs/bench/results-<label>.json only (for compare.ts), not BENCHMARKS.md's section.
    label: { type: 'string' },
  },
});
const users = Number(values.users);
const seconds = Number(values.seconds);
const runs = Number(values.runs);
const warmupSeconds = values.warmup === undefined ? Math.min(5, seconds) : Number(values.warmup);
const levels = values.connections.split(',').map(Number);
const dataDir = resolve(values['data-dir']);
const adminListRequests = 300;
const port = 3900;
const instanceCount = Number(values.instances);
const barePort = 3901;
const scriptsDir = mkdtempSync(join(tmpdir(), 'acct-bench-'));
const log = (message: string) => process.stderr.write(`${message}\n`);
/** `runs` measurements in a row, each to completion before the next. */
async function repeat<T>(measure: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await measure());
  return results;
}

const database = values.postgres ? await benchPostgres(resolve(values.postgres)) : null;
const backendEnv = database?.env ?? {};
log(`seeding ${database ? 'PostgreSQL' : dataDir} to ${users.toLocaleString('en')} accounts…`);
const config = parseEnv(childEnv({ DATA_DIR: dataDir, ...backendEnv }));
const seeded = await seed(config, users);
await ensureBenchAdmin(config);
log(
  `  ${seeded.added.toLocaleString('en')} added, database ${(seeded.bytes / 2 ** 20).toFixed(0)} MiB`,
);

log('ceiling: argon2id hashes per second…');
const argon2Runs = await repeat(() => argon2PerSecond(OWASP_ARGON2));
const argon2 = median(argon2Runs);
log(`  ${argon2.toFixed(1)} hashes/s (runs ${argon2Runs.map((x) => x.toFixed(1)).join(' / ')})`);

// The ceiling table: every ceiling server on its own, before the scenarios.
const bare = await startCeilings(barePort, scriptsDir);
const ceilings: Record<string, Record<number, MedianResult>> = {};
for (const name of CEILING_NAMES) {
  if (warmupSeconds > 0) await bare.measure(name, levels[0]!, warmupSeconds);
  ceilings[name] = {};
  for (const connections of levels) {
    const r = medianOf(await repeat(() => bare.measure(name, connections, seconds)));
    ceilings[name][connections] = r;
    log(
      `ceiling: ${name} at ${connections} connections: ${r.rps.toFixed(0)} req/s (runs ${runsText(r)}), p99 ${r.p99ms.toFixed(1)} ms, errors ${r.errors}`,
    );
  }
}

// The server exactly as `pnpm start` runs it (compiled; the root `bench` script builds it first).
// The load generators' one address stands for a thousand clients: the per-address bound on
// credential checks in flight (50 by default) is raised, or random-user logins would measure the
// throttle.
// Several instances share one database: PostgreSQL.
if (instanceCount > 1 && !database) throw new Error('--instances above 1 needs --postgres');
const instances = await startInstances({
  count: instanceCount,
  port,
  nodeArgs: startScriptNodeArgs(),
  env: {
    DATA_DIR: dataDir,
    ...backendEnv,
    HOST: '127.0.0.1',
    // Metrics on, as in production (their per-request cost is measured), on any free port.
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    THROTTLE_ADDRESS_FAILURES: '100000',
  },
});
const base = instances.base;
/** Waits until every instance is idle again (see settle). */
const settleAll = () => Promise.all(instances.pids().map((pid) => settle(pid)));
// Where the CPU goes during each measured run: the servers (their event loops and thread pools
// apart), the database, nginx, and the rest (wrk).
const cpuGroups: CpuGroups = {
  server: { roots: instances.pids, threads: true },
  ...(database ? { postgres: { roots: () => [database.pid!] } } : {}),
  ...(instanceCount > 1 ? { nginx: { roots: () => [instances.nginxPid()!] } } : {}),
};

// Sessions for 200 fixed accounts, for the scenarios that need a signed-in caller.
const tokens: string[] = [];
for (let i = 0; i < FIXED_USERS; i += 1) {
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: seedUsername(i),
      password: canonicalPassword(seedPassword(i)),
    }),
  });
  const body = (await response.json()) as { result?: { token: string } };
  if (!body.result) throw new Error(`login of ${seedUsername(i)} failed: ${JSON.stringify(body)}`);
  tokens.push(body.result.token);
}

const rows: Row[] = [];
for (const scenario of scenarios(users, tokens)) {
  // The closed-loop generator lives through its scenario's runs; its CPU is a group of its own.
  const generator = scenario.loop ? await startOverloadClient() : null;
  const groups: CpuGroups = generator
    ? { ...cpuGroups, generator: { roots: () => [generator.pid] } }
    : cpuGroups;
  const measure = (connections: number, duration = seconds) =>
    scenario.loop
      ? generator!.run({
          url: base,
          path: scenario.loop.path,
          pool: scenario.loop.pool,
          okMarker: scenario.okMarker,
          connections,
          seconds: duration,
          timeoutMs: REQUEST_TIMEOUT_MS,
        })
      : runWrk({
          url: base,
          lua: scenario.lua,
          okMarker: scenario.okMarker,
          connections,
          seconds: duration,
          dir: scriptsDir,
          name: `${rows.length}`,
        });
  if (scenario.loop && seconds * 1000 <= REQUEST_TIMEOUT_MS)
    log(
      `  note: a ${seconds} s run cannot show ${REQUEST_TIMEOUT_MS / 1000} s timeouts; requests still waiting at its end are counted as cut`,
    );
  if (warmupSeconds > 0) {
    await settleAll();
    await measure(levels[0]!, warmupSeconds);
  }
  for (const connections of levels) {
    // Each run is paired with its ceilings measured just before it: the machine's speed drifts
    // over the minutes between the ceiling table and a scenario, not over thirty seconds.
    const paired = await repeat(async () => {
      await settleAll();
      // node:http runs when it is the ceiling, or when the target compares p99 with its p99.
      const judgesTail =
        scenario.target.tailOfHttp !== undefined &&
        (scenario.target.errorsAndTailAt ?? connections) === connections;
      const http =
        scenario.ceiling === 'http' || judgesTail
          ? await bare.measure('node:http', connections, seconds)
          : null;
      const ceiling =
        scenario.ceiling === 'http'
          ? http!.rps
          : scenario.ceiling === 'argon2'
            ? await argon2PerSecond(OWASP_ARGON2)
            : null;
      const library = scenario.library
        ? (await bare.measure(scenario.library, connections, seconds)).rps
        : null;
      const {
        result: { result: run, peakMiB },
        cores,
      } = await withCpuSplit(groups, () =>
        withPeakRss(instances.pids(), () => measure(connections)),
      );
      return { run, peakMiB, ceiling, library, cores, httpP99ms: http?.p99ms ?? null };
    });
    const result = medianOf(paired.map((p) => p.run));
    const peakRssMiB = Math.max(...paired.map((p) => p.peakMiB));
    const ratioTo = (pick: (p: (typeof paired)[number]) => number | null) =>
      pick(paired[0]!) === null ? null : median(paired.map((p) => p.run.rps / pick(p)!));
    const ratio = ratioTo((p) => p.ceiling);
    const library = scenario.library
      ? { name: scenario.library, ratio: ratioTo((p) => p.library)! }
      : null;
    const ceiling = ratio === null ? null : median(paired.map((p) => p.ceiling!));
    const httpP99ms =
      paired[0]!.httpP99ms === null ? null : median(paired.map((p) => p.httpP99ms!));
    rows.push({
      scenario: scenario.name,
      connections,
      ...result,
      peakRssMiB,
      ceiling,
      ratio,
      library,
      httpP99ms,
      target: scenario.target,
      cpu: paired.at(-1)!.cores,
    });
    log(
      `${scenario.name} @${connections}: ${result.rps.toFixed(0)} req/s, cores ${Object.entries(
        paired.at(-1)!.cores,
      )
        .map(([name, n]) => `${name} ${n.toFixed(2)}`)
        .join(
          ' ',
        )} (runs ${runsText(result)}), p50 ${result.p50ms.toFixed(1)} ms, p99 ${result.p99ms.toFixed(1)} ms, errors ${result.errors}, RSS ${peakRssMiB.toFixed(0)} MiB${ratio === null ? '' : `, ${(ratio * 100).toFixed(0)}% of its ceiling`}${library ? `, ${(library.ratio * 100).toFixed(0)}% of ${library.name}` : ''}${result.overload ? `; ${overloadText(result.overload)}` : ''}`,
    );
  }
  await generator?.stop();
}
await settleAll();
log('admin console user list, one request at a time…');
const adminList = await measureAdminList(base, adminListRequests);
for (const r of adminList)
  log(`  ${r.scenario}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
await instances.stop();
await bare.stop();
await database?.stop();

const machine = {
  cpus: availableParallelism(),
  model: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const command = `pnpm bench --users ${users} --seconds ${seconds} --runs ${runs} --warmup ${warmupSeconds} --connections ${levels.join(',')}${database ? ' --postgres DIR' : ''}${instanceCount > 1 ? ` --instances ${instanceCount}` : ''}`;
if (!values['no-report'])
  writeReport(
    {
      date: new Date().toISOString(),
      machine,
      command,
      users,
      seconds,
      runs,
      warmupSeconds,
      ceilings: { argon2PerSecond: argon2, http: ceilings },
      rows,
      adminList,
    },
    values.label ?? null,
  );
