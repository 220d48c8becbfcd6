import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as tables from '../tables.ts';

export type SqliteDb = ReturnType<typeof openDatabase>;

/** Opens (creating if needed) the SQLite file with the pragmas the service relies on. */
export function openDatabase(file: string) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL: readers never block the writer. synchronous=FULL: every COMMIT is fsynced, so an
  // acknowledged change survives a power loss too; group-commit.ts shares one fsync among
  // all the changes of an event-loop turn, which is what makes FULL affordable.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 32 MiB: the hot pages (sessions, the signed-in users' rows, the upper index levels) fit many
  // times over, and the OS page cache holds the rest. 64 MiB filled up with random accounts' pages
  // under random-user logins and took the server past 300 MB (issue 15); reads measured the same.
  sqlite.pragma('cache_size = -32768');
  return drizzle({ client: sqlite, schema: tables, casing: 'snake_case' });
}
