import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  opendirSync,
  openSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Repository } from '@acct/db';
import { createSqliteRepository } from '@acct/db/sqlite';
import { pictureName } from '@acct/schema';
import { ConfigError } from './env.ts';

export const databaseFile = (dataDir: string) => join(dataDir, 'acct.db');
export const secretFile = (dataDir: string) => join(dataDir, 'secret.key');

/**
 * Opens (creating when the directory is fresh) the database under DATA_DIR, after the checks
 * that turn a start on the wrong directory into a refusal that says what to do: the directory
 * must be writable, and a database that is gone must not be replaced by an empty one unasked.
 * `picturesDir` is where this database's pictures are (PICTURES_DIR), inside DATA_DIR or not.
 */
export function openRepository(
  dataDir: string,
  { picturesDir, startEmpty = false }: { picturesDir: string; startEmpty?: boolean },
): Repository {
  checkWritable(dataDir);
  checkNotLost(dataDir, picturesDir, startEmpty);
  const file = databaseFile(dataDir);
  try {
    return createSqliteRepository({ file });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      /^SQLITE_(CANTOPEN|READONLY|NOTADB|CORRUPT|PERM|IOERR|FULL)/.test(code)
    ) {
      throw new ConfigError(
        `Cannot open the database ${file}: ${code} (${(error as Error).message}). ` +
          'If it is damaged, restore it from a backup (docs/operations.md).',
      );
    }
    throw error;
  }
}

const causes: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (an immutable file or directory?)',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

function unwritable(path: string, error: unknown, what: string): ConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const cause = causes[code] ?? (error as Error).message;
  return new ConfigError(
    `Cannot write ${what} ${path}: ${code} (${cause}). The server keeps acct.db (with its -wal and -shm ` +
      'files), secret.key and (unless PICTURES_DIR is set) pictures/ in DATA_DIR: make it writable for ' +
      'the user that runs the server, or set DATA_DIR to a directory that is.',
  );
}

/** Creates `dir` if need be, then a file in it, and removes that; says which step failed and why. */
function probeWritable(dir: string): { failed: 'dir' | 'file'; error: unknown } | undefined {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    return { failed: 'dir', error };
  }
  const probe = join(dir, `.write-check-${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    return { failed: 'file', error };
  }
  return undefined;
}

/**
 * SQLite reports a directory it cannot write as "unable to open database file", or only at the
 * first write. Creating and removing a file says which path fails and why (EACCES, EROFS, …),
 * and answers for the real user, mount and immutable flags, which mode bits alone do not tell.
 */
function checkWritable(dataDir: string): void {
  const probe = probeWritable(dataDir);
  if (probe) {
    const what = probe.failed === 'dir' ? 'the data directory' : 'in the data directory';
    throw unwritable(dataDir, probe.error, what);
  }
  const file = databaseFile(dataDir);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw unwritable(path, error, 'the database file');
    }
  }
}

const sizeOf = (path: string): number | null => {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/**
 * The pictures folder (PICTURES_DIR) must be writable before the first upload needs it: on a
 * mount of its own (NFS) it can be read-only or owned by another user while DATA_DIR is fine.
 */
export function checkPicturesWritable(picturesDir: string): void {
  const probe = probeWritable(picturesDir);
  if (!probe) return;
  const code = (probe.error as NodeJS.ErrnoException).code ?? 'error';
  const cause = causes[code] ?? (probe.error as Error).message;
  const what = probe.failed === 'dir' ? 'the pictures folder' : 'in the pictures folder';
  throw new ConfigError(
    `Cannot write ${what} ${picturesDir}: ${code} (${cause}). The server keeps the profile pictures ` +
      'there (PICTURES_DIR, DATA_DIR/pictures by default): make it writable for the user that runs the ' +
      'server, or set PICTURES_DIR to a folder that is.',
  );
}

/**
 * True when `dir` holds a file named like a stored picture. Stops at the first one, so with
 * millions of pictures it reads one entry; what else a folder of its own may hold (a mount's
 * lost+found, a stray file) is no sign of a database, and is skipped.
 */
function holdsPictures(dir: string): boolean {
  let handle;
  try {
    handle = opendirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
  try {
    for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
      if (pictureName.safeParse(entry.name).success) return true;
    }
    return false;
  } finally {
    handle.closeSync();
  }
}

/**
 * A missing or 0-byte acct.db in a directory that shows it held data (its secret.key, pictures,
 * a write-ahead log) means the database was lost, not that this is a first start: opening it
 * would serve an empty service where accounts were. Refuse unless `startEmpty` says to begin afresh.
 * A fresh directory (absent, empty) starts as before. The pictures count wherever PICTURES_DIR
 * puts them: they are this database's, and an empty database beside them would also have its
 * sweep delete every one (none is referenced), so a folder shared by mistake is refused too.
 */
function checkNotLost(dataDir: string, picturesDir: string, startEmpty: boolean): void {
  const file = databaseFile(dataDir);
  const size = sizeOf(file);
  if (size !== null && size > 0) return;
  const wal = sizeOf(`${file}-wal`);
  const found = [
    ...(sizeOf(secretFile(dataDir)) !== null ? [`${secretFile(dataDir)} exists`] : []),
    ...(holdsPictures(picturesDir) ? [`${picturesDir} holds pictures`] : []),
    ...(wal !== null && wal > 0 ? [`${file}-wal holds changes of a database that is gone`] : []),
  ];
  // A database this server created is never 0 bytes: opening it writes the header at once.
  if (size !== 0 && found.length === 0) return;
  if (!startEmpty) {
    const state = size === 0 ? 'is empty (0 bytes): truncated, or a failed copy' : 'is missing';
    const evidence =
      found.length > 0
        ? `, and the data directory shows it held one:\n  - ${found.join('\n  - ')}\n`
        : '.\n';
    throw new ConfigError(
      `Refusing to start: the database ${file} ${state}${evidence}` +
        `Starting would serve an empty service. Restore acct.db (with its secret.key) from the backup ` +
        `(docs/operations.md). To start afresh with an empty database on purpose, run once with ` +
        `--start-empty (pnpm cli migrate --start-empty, or pnpm cli serve --start-empty).`,
    );
  }
  // SQLite would replay a leftover log into the new database: half an old database is worse than either.
  if (wal !== null && wal > 0) {
    throw new ConfigError(
      `Refusing to start afresh: ${file}-wal holds changes of the database that is gone, and SQLite would ` +
        `apply them to the new one. Move ${file}-wal and ${file}-shm out of the data directory first.`,
    );
  }
}
