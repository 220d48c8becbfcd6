import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startProcess, stopProcess } from './processes.ts';
import { type WrkResult, runWrk } from './wrk.ts';

/** A bare server: its file in apps/bench/src, the path wrk asks for, the marker of a good answer. */
export interface BareServer {
  name: string;
  file: string;
  path: string;
  okMarker: string;
  /** Environment of its own (a variant of a shared file), beyond PORT. */
  env?: Record<string, string>;
}

/** Bare node:http, and bare servers of our libraries' shapes, all answering a fixed JSON body. */
const SERVERS = [
  { name: 'node:http', file: 'bare-server.ts', path: '/', okMarker: '"code":0' },
  { name: 'Fastify route', file: 'bare-fastify.ts', path: '/', okMarker: '"code":0' },
  { name: 'Fastify + tRPC caller', file: 'bare-caller.ts', path: '/', okMarker: '"code":0' },
  {
    name: 'Fastify + tRPC adapter',
    file: 'bare-trpc.ts',
    path: '/trpc/session',
    okMarker: '"result"',
  },
] as const satisfies BareServer[];

export type CeilingName = (typeof SERVERS)[number]['name'];
/** The bare servers of our libraries' shapes, that a scenario can be compared with. */
export type LibraryCeiling = Exclude<CeilingName, 'node:http'>;
export const CEILING_NAMES: CeilingName[] = SERVERS.map((s) => s.name);

/**
 * Starts every ceiling server, each its own process on its own port, and keeps them up for the
 * whole benchmark, so that a ceiling can be measured right before the figure it judges (an idle
 * server costs no CPU). Measured with the same wrk settings as the scenarios.
 */
export function startCeilings(firstPort: number, scriptsDir: string) {
  return startBareServers<CeilingName>(SERVERS, firstPort, scriptsDir);
}

/** Starts `servers` as startCeilings does (the tRPC adapter comparison starts its own list). */
export async function startBareServers<Name extends string>(
  servers: readonly (BareServer & { name: Name })[],
  firstPort: number,
  scriptsDir: string,
) {
  const running: (BareServer & { name: Name; url: string; child: ChildProcess })[] = [];
  for (const [k, server] of servers.entries()) {
    const url = `http://127.0.0.1:${firstPort + k}${server.path}`;
    const child = await startProcess(
      ['--import', 'tsx', join(repoRoot, 'apps/bench/src', server.file)],
      { ...server.env, PORT: String(firstPort + k) },
      url,
    );
    running.push({ ...server, url, child });
  }
  return {
    measure(name: Name, connections: number, seconds: number): Promise<WrkResult> {
      const server = running.find((s) => s.name === name)!;
      return runWrk({
        url: server.url,
        lua: '',
        okMarker: server.okMarker,
        connections,
        seconds,
        dir: scriptsDir,
        name: `ceiling-${connections}`,
      });
    },
    async stop() {
      for (const { child } of running) await stopProcess(child);
    },
  };
}
