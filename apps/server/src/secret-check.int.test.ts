import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount, createDirectoryStorage, createServices } from '@acct/api';
import { createSqliteRepository } from '@acct/db/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { parseEnv } from './env.ts';
import { STACK_LINE, runCli } from './testing/cli.ts';

let dataDir: string;
let keyFile: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'acct-secret-'));
  keyFile = join(dataDir, 'secret.key');
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const userAdd = (username: string, env: Record<string, string> = {}) =>
  runCli({ DATA_DIR: dataDir, ...env }, [
    'user:add',
    '--username',
    username,
    '--password',
    `${username} has a long password`,
  ]);
const serve = (env: Record<string, string> = {}) =>
  runCli({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ...env }, ['serve']);

/** Both commands that use the secret refuse: one message, exit 1, no stack, nothing generated. */
function expectRefused(text: string, env: Record<string, string> = {}) {
  const keyBefore = existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : null;
  for (const run of [userAdd('bob', env), serve(env)]) {
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(text);
    expect(run.stderr).toContain('Restore the secret.key that belongs to this database');
    expect(run.stderr).not.toMatch(STACK_LINE);
  }
  expect(existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : null).toBe(keyBefore);
}

async function logsIn(username: string, env: Record<string, string> = {}) {
  const app = await buildApp(
    parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', METRICS_PORT: 'off', ...env }),
  );
  try {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username, password: `${username} has a long password`, via: 'token' },
    });
    const answer = response.json<{ result?: { data?: { user?: { username?: string } } } }>();
    return answer.result?.data?.user?.username === username;
  } finally {
    await app.close();
  }
}

// Each test spawns the CLI four to six times (with serve among them): more than the default 30 s on a busy machine.
describe('the secret belongs to the database it was created with', { timeout: 90_000 }, () => {
  beforeEach(() => expect(userAdd('alice').status).toBe(0));

  // @see issue 11 item 4
  it('a deleted secret.key refuses to start, and no new one is generated', () => {
    rmSync(keyFile);
    expectRefused(`${keyFile} is missing (and SECRET_KEY is not set)`);
    expect(existsSync(keyFile)).toBe(false);
  });

  // @see issue 11 item 4
  it('a replaced secret.key refuses to start', () => {
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`);
    expectRefused(
      `${keyFile} does not hold the secret the database ${join(dataDir, 'acct.db')} was created with`,
    );
  });

  // @see issue 11 item 4
  it('a secret.key with one hex digit changed refuses to start; the original starts again', async () => {
    const original = readFileSync(keyFile, 'utf8');
    const altered = `${original.slice(0, 7)}${original[7] === 'a' ? 'b' : 'a'}${original.slice(8)}`;
    writeFileSync(keyFile, altered);
    expectRefused('does not hold the secret');

    writeFileSync(keyFile, original);
    expect(userAdd('carol').status).toBe(0);
    expect(await logsIn('alice')).toBe(true);
  });

  // @see issue 11 item 4
  it('a SECRET_KEY other than the secret of the database refuses to start; its own starts', async () => {
    expectRefused('SECRET_KEY is not the secret', { SECRET_KEY: randomBytes(32).toString('hex') });
    const own = readFileSync(keyFile, 'utf8').trim();
    rmSync(keyFile);
    expect(userAdd('dave', { SECRET_KEY: own }).status).toBe(0);
    expect(await logsIn('alice', { SECRET_KEY: own })).toBe(true);
  });
});

describe('a database from before the fingerprint', { timeout: 90_000 }, () => {
  /** Accounts written as the server did before it recorded fingerprints. */
  async function legacyDatabase(secret: Buffer) {
    const repo = createSqliteRepository({ file: join(dataDir, 'acct.db') });
    const services = createServices(repo, {
      ...parseEnv({ DATA_DIR: dataDir }),
      secret,
      pictureStorage: createDirectoryStorage(join(dataDir, 'pictures')),
      credentialCacheSize: 0,
    });
    await createAccount(services, { username: 'alice', password: 'alice has a long password' });
    await repo.close();
  }

  // @see issue 11 item 4
  it('adopts the fingerprint of the current secret, says so, and holds it from then on', async () => {
    const secret = randomBytes(32);
    await legacyDatabase(secret);
    writeFileSync(keyFile, `${secret.toString('hex')}\n`);
    const adopt = userAdd('bob');
    expect(adopt.status).toBe(0);
    expect(adopt.stderr).toContain('warning: ');
    expect(adopt.stderr).toContain('cannot be checked after the fact');
    expect(await logsIn('alice')).toBe(true);

    expect(userAdd('carol').stderr).toBe('');
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`);
    expectRefused('does not hold the secret');
  });

  // @see issue 11 item 4
  it('with accounts but no secret, refuses to start rather than generate one', async () => {
    await legacyDatabase(randomBytes(32));
    expectRefused('holds accounts whose passwords were hashed with a secret');
    expect(existsSync(keyFile)).toBe(false);
  });
});
