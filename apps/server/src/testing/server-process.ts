import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SHARED_MACHINE_PASSWORD_BUDGET } from './shared-machine.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** The compiled server, as `pnpm start` runs it (the tests that use this need `pnpm build`). */
const CLI = 'apps/server/dist/cli.js';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One real server process, started by `launchServer`. */
export interface ServerProcess {
  pid: number;
  port: number;
  /** http://127.0.0.1:<port>, straight to this instance. */
  url: string;
  /** Every line it wrote to stdout or stderr so far (pino JSON). */
  output: string[];
  exited: Promise<Exit>;
  /** Resolves with the first line matching `pattern`, or rejects after `ms` with the output. */
  waitFor(pattern: RegExp, ms: number): Promise<string>;
  /** Sends `signal` (if still running) and waits for the exit, at most `ms`. */
  stop(signal: NodeJS.Signals, ms?: number): Promise<Exit>;
}

/** Every process started here and not yet seen to exit, so that a failed test leaves none. */
const running = new Set<ChildProcess>();

/**
 * `node --conditions=compiled apps/server/dist/cli.js serve` with `env` on top of this process's
 * environment, in a process group of its own, on 127.0.0.1 and `port` (0: any free one). Resolves
 * once it logs that it listens; a start that fails or takes longer than `ms` rejects with its output.
 */
export async function launchServer(
  env: Record<string, string>,
  { port = 0, ms = 30_000 }: { port?: number; ms?: number } = {},
): Promise<ServerProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
  );
  const child = spawn(process.execPath, ['--conditions=compiled', CLI, 'serve'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      LOG_LEVEL: 'info',
      // Any free port: instances on one machine cannot all take the default 9464.
      METRICS_PORT: '0',
      ...SHARED_MACHINE_PASSWORD_BUDGET,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      // As under a package script: the server shuts down once its parent (this test process)
      // is gone, so that a test runner killed outright, before afterAll, leaves no server behind.
      npm_lifecycle_event: 'test',
    },
  });
  running.add(child);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  const output: string[] = [];
  const waiters = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      output.push(...lines);
      for (const wake of waiters) wake();
    });
  }
  const waitFor = (pattern: RegExp, waitMs: number) =>
    new Promise<string>((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      const check = () => {
        const line = output.find((l) => pattern.test(l));
        if (line !== undefined) done(() => resolve(line));
        else if (child.exitCode !== null || child.signalCode !== null)
          done(() => reject(new Error(`exited before ${pattern}:\n${output.join('\n')}`)));
      };
      const timer = setTimeout(
        () =>
          done(() => reject(new Error(`no ${pattern} within ${waitMs} ms:\n${output.join('\n')}`))),
        waitMs,
      );
      waiters.add(check);
      void exited.then(check);
      check();
    });

  try {
    const listening = JSON.parse(await waitFor(/Server listening at/, ms)) as { msg: string };
    const url = /http:\/\/[\d.]+:\d+/.exec(listening.msg)![0];
    return {
      pid: child.pid!,
      port: Number(new URL(url).port),
      url,
      output,
      exited,
      waitFor,
      async stop(signal, stopMs = 15_000) {
        if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, signal);
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`pid ${child.pid} still running ${stopMs} ms after ${signal}`)),
            stopMs,
          );
        });
        try {
          return await Promise.race([exited, late]);
        } finally {
          clearTimeout(timer);
        }
      },
    };
  } catch (error) {
    killGroup(child);
    throw error;
  }
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** SIGKILLs every server this file's process started that is still running (afterAll/afterEach). */
export async function killAllServers(): Promise<void> {
  const left = [...running];
  const gone = left.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of left) killGroup(child);
  await Promise.all(gone);
}
