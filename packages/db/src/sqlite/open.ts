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
  // 8 MiB: the hot pages (sessions, the signed-in users' rows, the upper index levels) fit, and
  // the OS page cache holds the rest. A larger cache only fills up with random accounts' pages
  // under random-user logins: 64 MiB took the server past 300 MB, and 8 MiB peaks 25-35 MiB
  // below 32 MiB with req/s the same for reads, writes and logins (issue 15, BENCHMARKS.md).
  sqlite.pragma('cache_size = -8192');
  return drizzle({ client: sqlite, schema: tables, casing: 'snake_case' });
}
