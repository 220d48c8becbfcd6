import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests and the bench: initdb in a temp directory, on a free
 * loopback port, owned by an unprivileged user (PostgreSQL refuses to run as root), with a
 * random password. It never touches a system instance.
 */
export interface PgCluster {
  /** Superuser URL of database `name` (default `postgres`). */
  url(name?: string): string;
  port: number;
  dir: string;
  /** The postmaster's pid while it runs (its backends are its children). */
  readonly pid: number | undefined;
  /** Fast shutdown (open connections are cut) and start again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

export interface PgClusterOptions {
  /**
   * Trade crash safety for speed (fsync off): for test suites, whose data nobody needs after a
   * power cut. The durability tests and the bench keep the defaults.
   */
  volatile?: boolean;
  maxConnections?: number;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
  /**
   * Keep the cluster in this directory across runs (the bench's ten million accounts): created
   * on first use, started again later; destroy() then only stops it.
   */
  dir?: string;
}

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin; PG_BIN overrides. */
export function pgBinDir(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0)
    throw new Error('PostgreSQL is not installed (apt-get install postgresql), or set PG_BIN');
  return join(root, majors[0]!, 'bin');
}

/** The uid/gid to run as: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** initdb as `user`, with a random superuser password kept beside the data (mode 0600). */
function initCluster(
  bin: string,
  dir: string,
  data: string,
  passwordFile: string,
  user: { uid: number; gid: number } | undefined,
) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  execFileSync(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'acct_admin',
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
    ],
    { ...user, stdio: 'pipe' },
  );
}

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  const user = runAs();
  const kept = options.dir !== undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'acct-pg-'));
  const data = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  if (!existsSync(data)) initCluster(bin, dir, data, passwordFile, user);
  const password = readFileSync(passwordFile, 'utf8');
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    max_connections: String(options.maxConnections ?? 200),
    ...(options.volatile ? { fsync: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  };
  const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const url = (name = 'postgres') => `postgres://acct_admin:${password}@127.0.0.1:${port}/${name}`;

  let server: ChildProcess | null = null;
  const start = async () => {
    const child = spawn(join(bin, 'postgres'), args, {
      ...user,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    server = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
      const client = new pg.Client({ connectionString: url() });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => {});
        if (Date.now() > deadline)
          throw new Error(`PostgreSQL did not answer:\n${log}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const stop = async () => {
    const child = server;
    server = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT'); // fast shutdown: sessions are cut, committed data is flushed
    await exited;
  };

  await start();
  return {
    url,
    port,
    dir,
    get pid() {
      return server?.pid;
    },
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      await stop();
      if (!kept) rmSync(dir, { recursive: true, force: true });
    },
  };
}
