import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

const migrate = (dataDir: string, ...flags: string[]) => runCli({ DATA_DIR: dataDir }, ['migrate', ...flags]);

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
      expect(run.stderr).toContain(`Cannot write in the data directory ${dataDir}: EACCES (permission denied)`);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }

    // A data directory that cannot even be created, below the read-only one.
    const below = runCli({ DATA_DIR: join(dataDir, 'sub') }, ['migrate'], unprivileged);
    expect(below.status).toBe(1);
    expect(below.stderr).toContain(`Cannot write the data directory ${join(dataDir, 'sub')}: EACCES`);
    expect(below.stderr).not.toMatch(STACK_LINE);
  });

  // @see issue 11 item 7
  it('an existing database in a directory made read-only names the cause too', () => {
    const dataDir = freshDir();
    expect(migrate(dataDir).status).toBe(0);
    chmodSync(dataDir, 0o555);
    const run = runCli({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }, ['serve'], asUnprivileged());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Cannot write in the data directory ${dataDir}: EACCES (permission denied)`);
    expect(run.stderr).not.toMatch(STACK_LINE);
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
