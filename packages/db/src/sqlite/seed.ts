import Database from 'better-sqlite3';

export interface SeedOptions {
  /** Accounts wanted in all: seeded accounts are `${prefix}${i}` zero-padded, for i in [0, total). */
  total: number;
  prefix: string;
  digits: number;
  /** Password hash of account i is hashes[i % hashes.length] (test data: see the CLI). */
  hashes: readonly string[];
  now: number;
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Bulk-inserts deterministic test accounts, resuming after the highest one present: every batch
 * is one transaction, so an interrupted run leaves whole batches and a second run adds the rest.
 * A bulk loader, so it talks to SQLite directly; durability is relaxed for this connection only
 * (a crash loses at most the batch in flight, which the next run redoes).
 */
export function seedUsers(file: string, options: SeedOptions): { existing: number; added: number } {
  const { total, prefix, digits, hashes, now, batch = 50_000, onProgress } = options;
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -262144');
    const name = (i: number) => `${prefix}${String(i).padStart(digits, '0')}`;
    // Zero-padded names sort like their numbers, so the last one tells where to resume.
    const last = sqlite
      .prepare(
        'select username from users where lower(username) >= ? and lower(username) < ? order by lower(username) desc limit 1',
      )
      .pluck()
      .get(prefix.toLowerCase(), `${prefix.toLowerCase()}\u007f`) as string | undefined;
    const start = last === undefined ? 0 : Number(last.slice(prefix.length)) + 1;
    const insert = sqlite.prepare(
      'insert or ignore into users (username, password_hash, nickname, role, created_at, updated_at) values (?, ?, ?, 0, ?, ?)',
    );
    const insertRange = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i += 1)
        insert.run(name(i), hashes[i % hashes.length], '', now, now);
    });
    for (let from = start; from < total; from += batch) {
      const to = Math.min(total, from + batch);
      insertRange(from, to);
      onProgress?.(to, total);
    }
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return { existing: Math.min(start, total), added: Math.max(0, total - start) };
  } finally {
    sqlite.close();
  }
}
