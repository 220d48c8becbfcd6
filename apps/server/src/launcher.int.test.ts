import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'acct-launcher-'));
let serverPid = 0;
afterAll(() => {
  if (serverPid) process.kill(serverPid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the launcher watch', () => {
  // The CI smoke of `pnpm bench` found it: a server started under a package script whose process
  // group leader had already exited shut itself down at once (exit 0).
  it('ignores a process-group leader that was gone before the server started', async () => {
    const port = await freePort();
    // `sh` leads the new group, starts the server in the background and exits at once.
    const leader = spawn('sh', ['-c', 'node --import tsx apps/server/src/cli.ts serve & echo $!'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        npm_lifecycle_event: 'serve',
        DATA_DIR: dataDir,
        PORT: String(port),
        METRICS_PORT: 'off',
        LOG_LEVEL: 'silent',
      },
    });
    let printed = '';
    leader.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await new Promise((resolve) => leader.once('exit', resolve));
    serverPid = Number(printed.trim());

    let healthy = false;
    for (let i = 0; i < 100 && !healthy; i += 1) {
      await sleep(200);
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    }
    expect(healthy).toBe(true);
    await sleep(1_000); // four checks of the watch
    expect(
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    ).toBe(true);
  });
});
