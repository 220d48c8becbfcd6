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
  sqlite.pragma('cache_size = -65536'); // 64 MiB page cache
  return drizzle({ client: sqlite, schema: tables, casing: 'snake_case' });
}
