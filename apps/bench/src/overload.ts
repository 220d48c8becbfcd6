import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ClosedLoopOptions } from './closed-loop.ts';
import { ownChild, repoRoot, stopProcess } from './processes.ts';
import type { LoginPool } from './random-login.ts';
import type { OverloadResult } from './stats.ts';

/**
 * The random-user login scenario's load generator (closed-loop.ts), run in a process of its own
 * for the whole scenario: started once, it is alive before and after every run, so the bench's
 * CPU accounting (cpu.ts, which reads /proc per process) sees its CPU as a group of its own.
 */
export type ClosedLoopRun = Omit<ClosedLoopOptions, 'nextBody'> & { pool: LoginPool };
export interface ToClient {
  run: ClosedLoopRun;
}
export type FromClient = { ready: true } | { result: OverloadResult } | { error: string };

export async function startOverloadClient() {
  const child = ownChild(
    fork(join(repoRoot, 'apps/bench/src/overload-client.ts'), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Structured clones, not JSON: a figure of no samples stays NaN instead of becoming null.
      serialization: 'advanced',
    }),
  );
  const next = () =>
    new Promise<FromClient>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the load generator exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message: FromClient) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  await next();
  return {
    pid: child.pid!,
    /** One run, to completion; one at a time. */
    async run(run: ClosedLoopRun): Promise<OverloadResult> {
      const answer = next();
      child.send({ run } satisfies ToClient);
      const message = await answer;
      if ('error' in message) throw new Error(`the load generator failed: ${message.error}`);
      if (!('result' in message)) throw new Error('the load generator answered out of turn');
      return message.result;
    },
    stop: () => stopProcess(child),
  };
}
