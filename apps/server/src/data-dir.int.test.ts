import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpDatabase } from '@acct/db/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { parseEnv } from './env.ts';
import { STACK_LINE, asUnprivileged, runCli } from './testing/cli.ts';

const dirs: string[] = [];
/** A new, empty data directory (inside a world-traversable parent, for the unprivileged runs). */
function freshDir() {
  const parent = mkdtempSync(join(tmpdir(), 'acct-datadir-'));
  chmodSync(parent, 0o755);
  dirs.push(parent);
  return join(parent, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const migrate = (dataDir: string, ...flags: string[]) =>
  runCli({ DATA_DIR: dataDir }, ['migrate', ...flags]);
const serve = (dataDir: string, ...flags: string[]) =>
  runCli({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }, ['serve', ...flags]);

describe('a data directory that has lost its database', () => {
  // @see issue 11 item 5
  it('a fresh data directory, absent or empty, starts with no flag', async () => {
    const absent = freshDir();
    const run = migrate(absent);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const empty = freshDir();
    mkdirSync(empty);
    const app = await buildApp(
      parseEnv({ DATA_DIR: empty, LOG_LEVEL: 'silent', METRICS_PORT: 'off' }),
    );
    await app.close();
    expect(existsSync(join(empty, 'acct.db'))).toBe(true);
  });

  // @see issue 11 item 5
  it('a 0-byte acct.db refuses to start, naming it; --start-empty starts afresh', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'acct.db'), '');
    for (const run of [serve(dataDir), migrate(dataDir)]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`the database ${join(dataDir, 'acct.db')} is empty (0 bytes)`);
      expect(run.stderr).toContain('Restore acct.db');
      expect(run.stderr).toContain('--start-empty');
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
    expect(statSync(join(dataDir, 'acct.db')).size).toBe(0);

    expect(migrate(dataDir, '--start-empty').status).toBe(0);
    expect(dumpDatabase(join(dataDir, 'acct.db'))).toMatchObject({ users: [] });
    expect(migrate(dataDir).status).toBe(0);
  });

  // @see issue 11 item 5
  it('a missing acct.db beside secret.key or pictures refuses to start, naming what it found', () => {
    const withKey = freshDir();
    expect(migrate(withKey).status).toBe(0);
    writeFileSync(join(withKey, 'secret.key'), `${'ab'.repeat(32)}\n`);
    rmSync(join(withKey, 'acct.db'));
    const keyRun = serve(withKey);
    expect(keyRun.status).toBe(1);
    expect(keyRun.stderr).toContain(`the database ${join(withKey, 'acct.db')} is missing`);
    expect(keyRun.stderr).toContain(`${join(withKey, 'secret.key')} exists`);
    expect(keyRun.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(join(withKey, 'acct.db'))).toBe(false);

    const withPictures = freshDir();
    mkdirSync(join(withPictures, 'pictures'), { recursive: true });
    writeFileSync(join(withPictures, 'pictures', '0123456789abcdef0123456789abcdef.jpg'), 'jpeg');
    const picturesRun = migrate(withPictures);
    expect(picturesRun.status).toBe(1);
    expect(picturesRun.stderr).toContain(`${join(withPictures, 'pictures')} holds pictures`);
    expect(picturesRun.stderr).not.toContain('secret.key exists');
    expect(existsSync(join(withPictures, 'acct.db'))).toBe(false);

    // The opt-in is explicit and for one run; the new database then starts as any other.
    expect(migrate(withPictures, '--start-empty').status).toBe(0);
    expect(migrate(withPictures).status).toBe(0);
  });

  // @see issue 13
  it('looks for pictures where PICTURES_DIR keeps them, and only for files named like pictures', () => {
    // A folder of its own (an NFS mount), holding what a mount brings along but no picture.
    const shared = freshDir();
    mkdirSync(join(shared, 'lost+found'), { recursive: true });
    writeFileSync(join(shared, '.write-check-0123456789ab'), '');
    const first = freshDir();
    expect(runCli({ DATA_DIR: first, PICTURES_DIR: shared }, ['migrate']).status).toBe(0);

    // A new database beside a folder that holds pictures would lose them all to its sweep.
    writeFileSync(join(shared, '0123456789abcdef0123456789abcdef.jpg'), 'jpeg');
    const second = freshDir();
    const run = runCli({ DATA_DIR: second, PICTURES_DIR: shared }, ['migrate']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${shared} holds pictures`);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(join(second, 'acct.db'))).toBe(false);
    // DATA_DIR/pictures is not where this database's pictures are, and is not looked at.
    expect(migrate(second).status).toBe(0);
  });

  // @see issue 11 item 5
  it('--start-empty does not let a leftover write-ahead log into the new database', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'acct.db-wal'), 'frames of the lost database');
    const run = migrate(dataDir, '--start-empty');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Move ${join(dataDir, 'acct.db')}-wal`);
    expect(existsSync(join(dataDir, 'acct.db'))).toBe(false);
  });
});

describe('a data directory the server cannot write', () => {
  // @see issue 11 item 7
  it('names the path and the cause, without a stack trace, and exits non-zero', () => {
    // Mode bits alone: root ignores them, so the CLI runs as nobody (see asUnprivileged).
    const dataDir = freshDir();
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    const unprivileged = asUnprivileged();
    for (const run of [
      runCli({ DATA_DIR: dataDir }, ['migrate'], unprivileged),
      runCli({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }, ['serve'], unprivileged),
    ]) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `Cannot write in the data directory ${dataDir}: EACCES (permission denied)`,
      );
      expect(run.stderr).not.toMatch(STACK_LINE);
    }

    // A data directory that cannot even be created, below the read-only one.
    const below = runCli({ DATA_DIR: join(dataDir, 'sub') }, ['migrate'], unprivileged);
    expect(below.status).toBe(1);
    expect(below.stderr).toContain(
      `Cannot write the data directory ${join(dataDir, 'sub')}: EACCES`,
    );
    expect(below.stderr).not.toMatch(STACK_LINE);
  });

  // @see issue 11 item 7
  it('an existing database in a directory made read-only names the cause too', () => {
    const dataDir = freshDir();
    expect(migrate(dataDir).status).toBe(0);
    chmodSync(dataDir, 0o555);
    const run = runCli(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' },
      ['serve'],
      asUnprivileged(),
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `Cannot write in the data directory ${dataDir}: EACCES (permission denied)`,
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  // @see issue 13
  it('a PICTURES_DIR the server cannot write names it and the variable', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o777);
    const pictures = freshDir();
    mkdirSync(pictures);
    chmodSync(pictures, 0o555);
    const serveWith = (env: Record<string, string>) =>
      runCli(
        { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ...env },
        ['serve'],
        asUnprivileged(),
      );
    const readOnly = serveWith({ PICTURES_DIR: pictures });
    expect(readOnly.status).toBe(1);
    expect(readOnly.stderr).toContain(
      `Cannot write in the pictures folder ${pictures}: EACCES (permission denied)`,
    );
    expect(readOnly.stderr).toContain('PICTURES_DIR');
    expect(readOnly.stderr).not.toMatch(STACK_LINE);

    writeFileSync(join(dataDir, 'file'), '');
    const belowFile = serveWith({ PICTURES_DIR: join(dataDir, 'file', 'pictures') });
    expect(belowFile.status).toBe(1);
    expect(belowFile.stderr).toContain(
      `Cannot write the pictures folder ${join(dataDir, 'file', 'pictures')}: ENOTDIR`,
    );
    expect(belowFile.stderr).not.toMatch(STACK_LINE);
  });

  // @see issue 11 item 7
  it('a DATA_DIR below a file names ENOTDIR (as root too)', () => {
    const parent = freshDir();
    mkdirSync(parent);
    writeFileSync(join(parent, 'file'), '');
    const run = migrate(join(parent, 'file', 'data'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(parent, 'file', 'data')}: ENOTDIR`);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
