import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, backupDatabase } from './backup.ts';

let dir: string;
let source: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'acct-backup-'));
  source = join(dir, 'live.db');
  // A ledger whose rows always sum to zero in a committed state: a torn copy would not.
  const db = new Database(source);
  db.pragma('journal_mode = WAL');
  db.exec(
    'create table ledger (id integer primary key, amount integer not null, note text not null)',
  );
  const insert = db.prepare('insert into ledger (amount, note) values (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 10_000; i += 1) {
      insert.run(i, 'x'.repeat(100));
      insert.run(-i, 'x'.repeat(100));
    }
  })();
  db.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Another connection that commits one balanced pair of rows every event-loop turn until stopped. */
function writeEveryTurn() {
  const db = new Database(source);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare('insert into ledger (amount, note) values (?, ?)');
  const pair = db.transaction((n: number) => {
    insert.run(n, 'load');
    insert.run(-n, 'load');
  });
  let commits = 0;
  let running = true;
  const stopped = new Promise<void>((resolve) => {
    const turn = () => {
      if (!running) return resolve();
      pair(commits);
      commits += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
  });
  return {
    commits: () => commits,
    async stop() {
      running = false;
      await stopped;
      db.close();
    },
  };
}

const read = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select count(*) as rows, sum(amount) as sum from ledger').get() as {
      rows: number;
      sum: number;
    };
  } finally {
    db.close();
  }
};

describe('backupDatabase', () => {
  // @see issue 11 (backup and restore, ASVS 14.1.4)
  it('finishes while another connection commits every turn, with a consistent snapshot', async () => {
    const writer = writeEveryTurn();
    const dest = join(dir, 'copy.db');
    const before = writer.commits();
    // Copied in small steps, every commit in between restarts the copy: it would never finish.
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the backup did not finish in 10 s')), 10_000),
    );
    const result = await Promise.race([backupDatabase(source, dest), timeout]);
    const during = writer.commits() - before;
    await writer.stop();

    expect(during).toBeGreaterThan(0);
    expect(result.pages).toBeGreaterThan(100);
    const copy = read(dest);
    expect(copy.sum).toBe(0);
    expect(copy.rows).toBeGreaterThanOrEqual(20_000 + 2 * before);
    expect(copy.rows).toBeLessThanOrEqual(read(source).rows);
  });

  it('writes one self-contained, owner-only file and leaves no temporary one', async () => {
    const dest = join(dir, 'copy.db');
    await backupDatabase(source, dest);
    const copy = new Database(dest, { readonly: true, fileMustExist: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(read(dest)).toEqual({ rows: 20_000, sum: 0 });
    expect(readdirSync(dir).filter((name) => name.startsWith('.copy.db'))).toEqual([]);
    expect(statSync(dest).mode & 0o077).toBe(0);
  });

  // @see issue 11 (backup and restore, ASVS 14.1.4)
  it('refuses to overwrite an existing file', async () => {
    const dest = join(dir, 'taken.db');
    writeFileSync(dest, 'an older backup');
    await expect(backupDatabase(source, dest)).rejects.toThrow(BackupError);
    await expect(backupDatabase(source, dest)).rejects.toThrow(`${dest} exists`);
    expect(readFileSync(dest, 'utf8')).toBe('an older backup');
    expect(readdirSync(dir).filter((name) => name.includes('.partial'))).toEqual([]);
  });

  it('refuses a missing or empty source without creating anything', async () => {
    await expect(backupDatabase(join(dir, 'none.db'), join(dir, 'a.db'))).rejects.toThrow(
      'No database at',
    );
    writeFileSync(join(dir, 'empty.db'), '');
    await expect(backupDatabase(join(dir, 'empty.db'), join(dir, 'b.db'))).rejects.toThrow(
      'is empty',
    );
    await expect(backupDatabase(source, join(dir, 'no-such-dir', 'c.db'))).rejects.toThrow(
      'Cannot create',
    );
    expect(existsSync(join(dir, 'a.db')) || existsSync(join(dir, 'b.db'))).toBe(false);
  });
});
