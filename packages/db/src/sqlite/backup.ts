import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** A backup that cannot be made as asked (no source, an existing destination, …); the message says why. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  pages: number;
  bytes: number;
}

/** better-sqlite3's largest step: every page of the database in one step. */
const ALL_PAGES = 0x7fffffff;

/**
 * An online, consistent copy of the SQLite database `source` in the new file `dest`, taken
 * while other connections and processes (the server) go on writing. Never overwrites `dest`.
 *
 * SQLite's backup API restarts a copy from the first page whenever another connection writes
 * between two of its steps. In better-sqlite3's default steps (100 pages per event-loop turn), a
 * server that commits every few milliseconds restarts it for as long as it is busy. Here the first
 * step (0 pages) only sizes the copy and the second copies every page: one read transaction, which
 * in WAL mode is a snapshot that the server's writes neither disturb nor wait for. A write between
 * the two steps restarts at most that second step. The WAL grows while the copy runs, since it
 * cannot be checkpointed past the snapshot.
 *
 * The copy is written beside `dest`, switched to a rollback journal (one self-contained file,
 * readable from read-only media), checked, fsynced, and only then linked to `dest`: link(2)
 * fails on an existing name, so a file that appeared meanwhile is not overwritten either, and an
 * interrupted backup never leaves a partial file under the name given.
 */
export async function backupDatabase(source: string, dest: string): Promise<BackupResult> {
  const size = sizeOf(source);
  if (size === null) throw new BackupError(`No database at ${source}`);
  if (size === 0) throw new BackupError(`${source} is empty (0 bytes): nothing to back up`);
  if (sizeOf(dest) !== null) throw exists(dest);

  const partial = join(
    dirname(dest),
    `.${basename(dest)}.${randomBytes(6).toString('hex')}.partial`,
  );
  try {
    // Owner-only: the copy holds every password hash.
    closeSync(openSync(partial, 'wx', 0o600));
  } catch (error) {
    throw new BackupError(
      `Cannot create ${dest}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    const from = new Database(source, { readonly: true, fileMustExist: true });
    let pages: number;
    try {
      ({ totalPages: pages } = await from.backup(partial, { progress: () => ALL_PAGES }));
    } finally {
      from.close();
    }
    standalone(partial);
    fsyncFile(partial);
    try {
      linkSync(partial, dest);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(dest);
      throw error;
    }
    fsyncFile(dirname(dest));
    return { pages, bytes: statSync(dest).size };
  } finally {
    // The name `dest` stays linked to the copy; only the temporary name goes.
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
}

const exists = (dest: string) =>
  new BackupError(`${dest} exists: a backup never overwrites a file; give a new name`);

/** The copy in rollback-journal mode (no -wal beside it), after SQLite's own check of its pages. */
function standalone(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = copy.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (problems[0]?.quick_check !== 'ok') {
      throw new BackupError(
        `The copy failed SQLite's quick_check: ${problems.map((p) => p.quick_check).join('; ')}`,
      );
    }
  } finally {
    copy.close();
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
