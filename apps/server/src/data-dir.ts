import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from '@acct/db';
import { createSqliteRepository } from '@acct/db/sqlite';
import { ConfigError } from './env.ts';

export const databaseFile = (dataDir: string) => join(dataDir, 'acct.db');
export const picturesDir = (dataDir: string) => join(dataDir, 'pictures');

/**
 * Opens (creating when the directory is fresh) the database under DATA_DIR, after the checks
 * that turn a start on the wrong directory into a refusal that says what to do: the directory
 * must be writable.
 */
export function openRepository(dataDir: string): Repository {
  checkWritable(dataDir);
  const file = databaseFile(dataDir);
  try {
    return createSqliteRepository({ file });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(CANTOPEN|READONLY|NOTADB|CORRUPT|PERM|IOERR|FULL)/.test(code)) {
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
      'files), secret.key and pictures/ in DATA_DIR: make it writable for the user that runs the server, ' +
      'or set DATA_DIR to a directory that is.',
  );
}

/**
 * SQLite reports a directory it cannot write as "unable to open database file", or only at the
 * first write. Creating and removing a file says which path fails and why (EACCES, EROFS, …),
 * and answers for the real user, mount and immutable flags, which mode bits alone do not tell.
 */
function checkWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw unwritable(dataDir, error, 'the data directory');
  }
  const probe = join(dataDir, `.write-check-${randomBytes(6).toString('hex')}`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw unwritable(dataDir, error, 'in the data directory');
  }
  const file = databaseFile(dataDir);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unwritable(path, error, 'the database file');
    }
  }
}
