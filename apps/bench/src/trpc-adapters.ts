import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BareServer, startBareServers } from './ceilings.ts';
import { median } from './stats.ts';

// What tRPC's own adapters and options allow (issue 15, tRPC read): each variant answering one
// trivial query, measured against bare node:http in alternating short rounds of the same run.
// Not part of `pnpm bench` (which measures the Fastify adapter ceiling alone); run it directly:
//   tsx apps/bench/src/trpc-adapters.ts [seconds=5] [rounds=3] [connections=200] [only]
// where `only` lists words (comma-separated) of the variants to measure; node:http always is.
// Ports 3950 and up.

const session = '/trpc/session';
const fastify = (name: string, variant: string): BareServer => ({
  name,
  file: 'bare-trpc.ts',
  path: session,
  okMarker: '"result"',
  env: { TRPC_VARIANT: variant },
});
const ALL: BareServer[] = [
  { name: 'node:http', file: 'bare-server.ts', path: '/', okMarker: '"code":0' },
  fastify('Fastify adapter', ''),
  {
    ...fastify('Fastify adapter, a batch of 1 (what httpBatchLink sends)', ''),
    path: `${session}?batch=1&input=%7B%7D`,
  },
  fastify('Fastify adapter, allowBatching: false', 'unbatched'),
  fastify('Fastify adapter, maxBatchSize: 10', 'max-batch'),
  fastify('Fastify adapter, our responseMeta', 'response-meta'),
  fastify('Fastify adapter, onError', 'on-error'),
  fastify('Fastify adapter, allowMethodOverride', 'method-override'),
  {
    name: 'Fastify route + node-http adapter (hijacked)',
    file: 'bare-trpc-fastify-node.ts',
    path: session,
    okMarker: '"result"',
  },
  {
    name: 'Fastify adapter, Response sent whole (onSend)',
    file: 'bare-trpc-whole.ts',
    path: session,
    okMarker: '"result"',
  },
  {
    name: 'Fastify route + fetch adapter, body read whole',
    file: 'bare-trpc-fastify-fetch.ts',
    path: session,
    okMarker: '"result"',
  },
  {
    name: 'standalone adapter (node:http)',
    file: 'bare-trpc-standalone.ts',
    path: session,
    okMarker: '"result"',
  },
  {
    name: 'fetch adapter behind node:http',
    file: 'bare-trpc-fetch.ts',
    path: session,
    okMarker: '"result"',
  },
];

/** Refuses to start on a taken port: a stale server there would answer the readiness probe. */
async function assertPortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', () => reject(new Error(`port ${port} is taken`)));
    probe.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => probe.close(resolve));
}

const [seconds = 5, rounds = 3, connections = 200] = process.argv.slice(2, 5).map(Number);
const only = process.argv[5]?.split(',');
const VARIANTS = ALL.filter(
  (v) => v.name === 'node:http' || !only || only.some((word) => v.name.includes(word)),
);
const scriptsDir = mkdtempSync(join(tmpdir(), 'trpc-adapters-'));
for (let k = 0; k < VARIANTS.length; k += 1) await assertPortFree(3950 + k);
const servers = await startBareServers(VARIANTS, 3950, scriptsDir);
const rps = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
const load = [loadavg()[0]!];
try {
  for (const { name } of VARIANTS) await servers.measure(name, connections, 2); // warm-up (JIT)
  for (let round = 0; round < rounds; round += 1) {
    // Each round starts one further along, so no variant always follows the same neighbour.
    for (let k = 0; k < VARIANTS.length; k += 1) {
      const { name } = VARIANTS[(k + round) % VARIANTS.length]!;
      const r = await servers.measure(name, connections, seconds);
      if (r.errors > 0) console.error(`${name}: ${r.errors} errors ${JSON.stringify(r.detail)}`);
      rps.get(name)!.push(r.rps);
    }
    load.push(loadavg()[0]!);
  }
} finally {
  await servers.stop();
  rmSync(scriptsDir, { recursive: true, force: true });
}

const bare = median(rps.get('node:http')!);
console.log(
  `${rounds} rounds × ${seconds} s at ${connections} connections; 1-min load average ${load.map((l) => l.toFixed(2)).join(' → ')}`,
);
console.log('| server | req/s (median) | rounds | % of node:http |');
console.log('| --- | ---: | --- | ---: |');
for (const [name, values] of rps) {
  const m = median(values);
  const each = values.map((v) => Math.round(v)).join(', ');
  console.log(`| ${name} | ${Math.round(m)} | ${each} | ${((100 * m) / bare).toFixed(1)} % |`);
}
