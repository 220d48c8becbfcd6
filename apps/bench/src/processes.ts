import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from './config.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Whatever happens to the benchmark, the processes it started do not outlive it.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Makes `child` one of the processes killed when the benchmark exits. */
export function ownChild(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The node arguments of the root `start` script's last command (`exec node …`): the server as users run it. */
export function startScriptNodeArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [exec, program, ...args] = scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
  if (exec !== 'exec' || program !== 'node')
    throw new Error(`the start script no longer ends in an exec node command: ${scripts.start}`);
  return args;
}

/** Starts `node …nodeArgs` as its own process and waits until `ready` answers. */
export async function startProcess(
  nodeArgs: string[],
  env: Record<string, string>,
  ready: string,
): Promise<ChildProcess> {
  const child = ownChild(
    spawn(process.execPath, nodeArgs, {
      cwd: repoRoot,
      env: childEnv(env),
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null)
      throw new Error(`node ${nodeArgs.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(ready).then(
      async (r) => (await r.arrayBuffer(), r.ok),
      () => false,
    );
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`node ${nodeArgs.join(' ')} did not become ready at ${ready}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Samples the RSS of processes while `work` runs; returns the work's result and the highest any one of them reached. */
export async function withPeakRss<T>(
  pids: number[],
  work: () => Promise<T>,
): Promise<{ result: T; peakMiB: number }> {
  const highest = () => Math.max(...pids.map(rssMiB));
  let peak = highest();
  const timer = setInterval(() => {
    peak = Math.max(peak, highest());
  }, 100);
  try {
    const result = await work();
    return { result, peakMiB: Math.max(peak, highest()) };
  } finally {
    clearInterval(timer);
  }
}

/** CPU time (user + system) a process has used, in seconds (Linux /proc, 100 ticks a second). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until the server process is idle again (under 5 % of a core for a second): a run that
 * queued work, such as thousands of argon2 verifications on libuv's pool, must not spill into the
 * next run's figures. (A quick /healthz is not enough: it never waits on the pool.)
 */
export async function settle(pid: number, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (cpuSeconds(pid) - before < 0.05) return;
  }
}
