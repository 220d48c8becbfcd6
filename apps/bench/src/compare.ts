// Two or more `pnpm bench` results side by side (docs/bench/*.json), one markdown table: the
// ceilings, then each scenario, as req/s, p99 and peak RSS per run, and the last run's change
// against the first. For a runtime or backend change measured on the same machine and data.
//   tsx apps/bench/src/compare.ts "Node 20=docs/bench/results-node20.json" "Node 24=docs/bench/results.json"
import { readFileSync } from 'node:fs';
import { isThreadSplit } from './cpu.ts';
import type { Report } from './report.ts';

const runs = process.argv.slice(2).map((arg) => {
  const [label, path] = arg.split('=') as [string, string];
  return { label, report: JSON.parse(readFileSync(path, 'utf8')) as Report };
});
if (runs.length < 2)
  throw new Error('usage: compare.ts "label=results.json" "label=results.json" …');

const f = (x: number, digits = 0) =>
  x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const change = (from: number, to: number) => `${to >= from ? '+' : ''}${f((to / from - 1) * 100)}%`;

interface Line {
  name: string;
  connections: string;
  pick: (report: Report) => { rps: number; p99ms: number; rss?: number } | undefined;
}
const first = runs[0]!.report;
const lines: Line[] = [
  {
    name: 'argon2id hashes/s (all cores)',
    connections: '',
    pick: (r) => ({ rps: r.ceilings.argon2PerSecond, p99ms: Number.NaN }),
  },
  ...Object.entries(first.ceilings.http).flatMap(([name, byConns]) =>
    Object.keys(byConns).map((c) => ({
      name: `ceiling: ${name}`,
      connections: c,
      pick: (r: Report) => r.ceilings.http[name]?.[Number(c)],
    })),
  ),
  ...first.rows.map((row) => ({
    name: row.scenario.replace(/[\d,]{6,}/, 'N'),
    connections: String(row.connections),
    pick: (r: Report) => {
      const same = r.rows.find(
        (x) =>
          x.scenario.replace(/[\d,]{6,}/, 'N') === row.scenario.replace(/[\d,]{6,}/, 'N') &&
          x.connections === row.connections,
      );
      return same && { rps: same.rps, p99ms: same.p99ms, rss: same.peakRssMiB };
    },
  })),
];

const labels = runs.map((r) => r.label);
console.log(
  `| | conns | ${labels.map((l) => `${l} req/s | p99 ms | RSS MiB`).join(' | ')} | req/s ${labels.at(-1)} vs ${labels[0]} |`,
);
console.log(`|---|---|${labels.map(() => '---|---|---').join('|')}|---|`);
for (const line of lines) {
  const cells = runs.map(({ report }) => line.pick(report));
  const shown = cells.map((c) =>
    c
      ? `${f(c.rps, c.rps < 1000 ? 1 : 0)} | ${Number.isNaN(c.p99ms) ? '' : f(c.p99ms, 1)} | ${c.rss === undefined ? '' : f(c.rss)}`
      : ' | | ',
  );
  const [a, b] = [cells[0], cells.at(-1)];
  console.log(
    `| ${line.name} | ${line.connections} | ${shown.join(' | ')} | ${a && b ? change(a.rps, b.rps) : ''} |`,
  );
}
// Where the CPU went, for the runs that recorded it: cores kept busy by each group per scenario.
const withCpu = runs.filter(({ report }) => report.rows.some((row) => row.cpu));
if (withCpu.length > 0) {
  // The groups a run sampled, and the rest of the machine (mostly wrk, which cannot be sampled).
  const cpuText = (cpu: Record<string, number> | undefined) => {
    if (!cpu) return '';
    const groups = Object.entries(cpu).filter(
      ([name]) => !['machine', 'rest', 'wrk'].includes(name),
    );
    const rest =
      (cpu.machine ?? 0) -
      groups.reduce((sum, [name, cores]) => sum + (isThreadSplit(name) ? 0 : cores), 0);
    return [...groups, ['rest', rest] as const]
      .map(([name, cores]) => `${name} ${f(cores, 2)}`)
      .join(', ');
  };
  console.log(
    `\nCores busy during the run (of ${first.machine.cpus}; *rest* is mostly wrk; *generator* is the closed-loop one):\n\n| | conns | ${withCpu.map((r) => r.label).join(' | ')} |\n|---|---|${withCpu.map(() => '---').join('|')}|`,
  );
  for (const row of first.rows) {
    const same = (report: Report) =>
      report.rows.find(
        (x) =>
          x.scenario.replace(/[\d,]{6,}/, 'N') === row.scenario.replace(/[\d,]{6,}/, 'N') &&
          x.connections === row.connections,
      );
    console.log(
      `| ${row.scenario.replace(/[\d,]{6,}/, 'N')} | ${row.connections} | ${withCpu.map(({ report }) => cpuText(same(report)?.cpu)).join(' | ')} |`,
    );
  }
}

// Since issue 15 random-user logins are driven by the closed-loop generator: their req/s and p99
// are those of the accepted logins only, where older runs counted every answer wrk got.
const closedLoop = runs.filter(({ report }) => report.rows.some((row) => row.overload));
if (closedLoop.length > 0)
  console.log(
    `\nRandom-user logins in ${closedLoop.map((r) => r.label).join(', ')}: req/s and p99 of the accepted logins (closed-loop generator, Retry-After honoured); elsewhere of every answer wrk got.`,
  );
console.log(
  `\nRuns: ${runs.map(({ label, report }) => `${label}: \`${report.command}\` on ${report.date.slice(0, 10)}, Node ${report.machine.node}`).join('; ')}.`,
);
