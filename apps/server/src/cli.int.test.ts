import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAccount } from '@acct/api';
import { enrollTotp } from '@acct/api/testing';
import { dumpDatabase } from '@acct/db/sqlite';
import { ROLE_ADMIN } from '@acct/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { parseEnv } from './env.ts';
import { seedPassword, seedUsername } from './seed.ts';
import { openServices } from './services.ts';
import { STACK_LINE, runCli } from './testing/cli.ts';

const cliFile = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'acct-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The CLI as a user runs it: a separate process, configured only by its environment. */
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cliFile, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, METRICS_PORT: 'off' },
    encoding: 'utf8',
  });

describe('pnpm cli', () => {
  it('migrate creates the database', () => {
    const run = cli('migrate');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(dumpDatabase(join(dataDir, 'acct.db'))).toMatchObject({ users: [], sessions: [] });
  });

  it('user:add prints the new id, creates an admin on --admin, refuses a taken name', async () => {
    const admin = cli(
      'user:add',
      '--username',
      'root_admin',
      '--password',
      'a long admin password',
      '--admin',
    );
    expect(admin.status).toBe(0);
    expect(admin.stdout).toMatch(/^\d+\n$/);
    const taken = cli('user:add', '--username', 'ROOT_ADMIN', '--password', 'another password');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('That username is taken');
    const weak = cli('user:add', '--username', 'weakling', '--password', 'short');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('WEAK_PASSWORD');
    expect(cli('user:add', '--username', 'x').status).toBe(1);
    expect(cli('bogus').status).toBe(1);

    // The account logs in to the server on the same data directory, secret file included.
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o077).toBe(0);
    const app = await buildApp(
      parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', METRICS_PORT: 'off' }),
    );
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/trpc/auth.adminLogin',
        payload: { username: 'root_admin', password: 'a long admin password', via: 'token' },
      });
      expect(response.json()).toMatchObject({
        result: { data: { user: { id: Number(admin.stdout), role: ROLE_ADMIN } } },
      });
    } finally {
      await app.close();
    }
  });

  it('refuses a bad environment with a message naming the variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', cliFile, 'migrate'], {
      env: { ...process.env, DATA_DIR: dataDir, ARGON2_ITERATIONS: 'one' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ARGON2_ITERATIONS');
  });

  it('seed adds deterministic accounts, resumes, and the documented password logs in', async () => {
    const first = cli('seed', '--users', '120');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^120 accounts added \(0 were there\)/);
    const second = cli('seed', '--users', '150');
    expect(second.stdout).toMatch(/^30 accounts added \(120 were there\)/);
    expect(cli('seed', '--users', 'many').status).toBe(1);

    const app = await buildApp(
      parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', METRICS_PORT: 'off' }),
    );
    try {
      const login = (username: string, password: string) =>
        app
          .inject({
            method: 'POST',
            url: '/trpc/auth.login',
            payload: { username, password, via: 'token' },
          })
          .then((r) => r.json<unknown>());
      expect(await login(seedUsername(149), seedPassword(149))).toMatchObject({
        result: { data: { user: { username: 'seed00000149' } } },
      });
      expect(await login(seedUsername(149), seedPassword(148))).toMatchObject({
        error: { data: { kind: 'WRONG_CREDENTIALS' } },
      });
    } finally {
      await app.close();
    }
  });

  // A taken PORT used to print its error and exit 0 (close-with-grace ran when the loop emptied).
  it('serve refuses a taken METRICS_PORT with a message that names it, and a taken PORT, with exit 1', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    const fresh = mkdtempSync(join(tmpdir(), 'acct-cli-ports-'));
    try {
      const run = runCli(
        { DATA_DIR: fresh, PORT: '0', METRICS_PORT: String(port), LOG_LEVEL: 'silent' },
        ['serve'],
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`METRICS_PORT ${port} is in use`);
      expect(run.stderr).not.toMatch(STACK_LINE);
      const publicTaken = runCli(
        { DATA_DIR: fresh, PORT: String(port), METRICS_PORT: '0', LOG_LEVEL: 'silent' },
        ['serve'],
      );
      expect(publicTaken.status).toBe(1);
      expect(publicTaken.stderr).toContain('EADDRINUSE');
    } finally {
      holder.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('user:reset-factors removes an account’s factors and audits it, for an operator locked out', async () => {
    const services = await openServices(
      { ...parseEnv({ DATA_DIR: dataDir, METRICS_PORT: 'off' }), credentialCacheSize: 0 },
      () => {},
    );
    try {
      const user = await createAccount(services, {
        username: 'lost_phone',
        password: 'a long enough password',
        role: ROLE_ADMIN,
      });
      await enrollTotp(services, user.id);
      expect(await services.repo.factors.summary(user.id)).toEqual({ totp: true, passkeys: 0 });
    } finally {
      await services.repo.close();
    }
    const run = cli('user:reset-factors', '--username', 'LOST_PHONE');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('removed TOTP and its recovery codes and 0 passkey(s) of lost_phone\n');
    const unknown = cli('user:reset-factors', '--username', 'nobody_here');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('USER_NOT_FOUND');

    const db = dumpDatabase(join(dataDir, 'acct.db'));
    expect(db.totp_factors).toEqual([]);
    expect(db.recovery_codes).toEqual([]);
    expect(db.audit_events).toContainEqual(
      expect.objectContaining({ kind: 'factors_reset', face: 'cli', outcome: 'success' }),
    );
  });
});
