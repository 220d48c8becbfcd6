import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/cli.ts';
import { type ServerProcess, killAllServers, launchServer } from './testing/server-process.ts';

// A burst of new connections must be accepted in time (issue 15): Node's default backlog of 511
// let the kernel drop the handshakes of a 1,000-connection burst, and libuv's one accept per
// listening socket per event-loop turn left the rest of the burst waiting past its timeouts.

let server: ServerProcess;
let dataDir: string;
const otherDirs: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'acct-listen-'));
  server = await launchServer({ DATA_DIR: dataDir });
});

afterAll(async () => {
  await killAllServers();
  for (const dir of [dataDir, ...otherDirs]) rmSync(dir, { recursive: true, force: true });
});

/** `ss` rows of the sockets listening on the server's port; for those, Send-Q is the backlog. */
const listeners = () =>
  execFileSync('ss', ['-Hltn', `( sport = :${server.port} )`], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));

/** One request on a connection of its own, as a burst of new clients makes. */
const healthOnNewConnection = () =>
  new Promise<number>((resolve, reject) => {
    const request = http.get(`${server.url}/healthz`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.setTimeout(10_000, () => request.destroy(new Error('no answer in 10 s')));
    request.on('error', reject);
  });

describe('the listening sockets', () => {
  it('are 128 on the public port, each queueing up to 512 connections (65,536 in all; or the kernel cap)', () => {
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    const rows = listeners();
    expect(rows).toHaveLength(128);
    for (const [, , sendQ] of rows) expect(Number(sendQ)).toBe(Math.min(512, somaxconn));
  });

  it('all serve: a burst of 300 new connections, spread by the kernel over them, is answered', async () => {
    const statuses = await Promise.all(Array.from({ length: 300 }, healthOnNewConnection));
    expect(statuses.filter((status) => status === 200)).toHaveLength(300);
  });

  it('keep a second instance off the port in use (EADDRINUSE), rather than let it share it', () => {
    const other = mkdtempSync(join(tmpdir(), 'acct-listen-other-'));
    otherDirs.push(other);
    const second = runCli(
      { DATA_DIR: other, HOST: '127.0.0.1', PORT: String(server.port), LOG_LEVEL: 'silent' },
      ['serve'],
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('EADDRINUSE');
    expect(listeners()).toHaveLength(128);
  });
});
