import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, killAllServers, launchServer } from './testing/server-process.ts';

// A burst of new connections must find room in the accept queue (issue 15): Node's default of
// 511 let the kernel drop the handshakes of a 1,000-connection burst, each retried after 1 s, 3 s.

let server: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'acct-backlog-'));
  server = await launchServer({ DATA_DIR: dataDir });
});

afterAll(async () => {
  await killAllServers();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the listening socket', () => {
  it('queues up to 4,096 connections (or the kernel cap), not Node’s 511', () => {
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    // For a listening socket `ss` reports the backlog in the Send-Q column.
    const line = execFileSync('ss', ['-Hltn', `( sport = :${server.port} )`], { encoding: 'utf8' });
    const [, , sendQ] = line.trim().split(/\s+/);
    // Node's default would show as 511 here wherever the kernel allows more.
    expect(Number(sendQ)).toBe(Math.min(4096, somaxconn));
  });
});
