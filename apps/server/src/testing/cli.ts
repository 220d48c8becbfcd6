import { type SpawnSyncOptions, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliFile = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** No metrics listener unless a test asks for one: tests run many servers on one machine. */
const QUIET = { METRICS_PORT: 'off' };

/**
 * The CLI as a user runs it: a separate process, configured only by its environment. A `serve`
 * that should have been refused would run until `timeout` kills it (status null), not forever.
 */
export function runCli(
  env: Record<string, string>,
  args: string[],
  options: SpawnSyncOptions = {},
) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cliFile, ...args], {
    env: { ...process.env, ...QUIET, ...env },
    encoding: 'utf8',
    timeout: 20_000,
    ...options,
  });
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/** The same, without blocking this process (which may be running the server the CLI talks to). */
export function startCli(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cliFile, ...args], {
    env: { ...process.env, ...QUIET, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    },
  );
  return { child, done };
}

/**
 * Options that run the CLI as a user whom file permissions bind. Tests run as root here, and
 * root writes through a read-only mode bit (CAP_DAC_OVERRIDE): as root, the child becomes
 * `nobody` (uid/gid 65534, no supplementary groups); as anyone else, it stays who it is.
 */
export const asUnprivileged = (): SpawnSyncOptions =>
  process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** A line of a stack trace ("    at fn (file:1:2)"): a refusal must not print one. */
export const STACK_LINE = /^\s+at .+[:(]/m;
