import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, desc, gte, lte, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SeedOptions } from '../sqlite/seed.ts';
import { lowerUsername, users } from './tables.ts';

/** Seen in pg_stat_activity, so an operator (or a test) can tell the loader's session apart. */
const APPLICATION_NAME = 'acct-seed';
/** Rows per string handed to the COPY stream: large enough to amortise stream overhead. */
const ROWS_PER_CHUNK = 2_000;

/** COPY's text format: backslash, and the tab, newline and carriage return it uses as syntax. */
const copyText = (value: string) =>
  value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );

/**
 * The PostgreSQL twin of `seedUsers`: the same accounts, resumed the same way, loaded with one
 * `COPY … FROM STDIN` per batch. A COPY outside an explicit transaction is one transaction, so
 * an interrupted run (killed process, cut connection, failed row) leaves whole batches, and a
 * second run adds the rest. The id is left to its identity column.
 */
export async function seedUsersPg(
  url: string,
  options: SeedOptions,
): Promise<{ existing: number; added: number }> {
  const { total, prefix, digits, hashes, now, batch = 200_000, onProgress } = options;
  if (!Number.isSafeInteger(batch) || batch < 1)
    throw new RangeError(`batch must be ≥ 1: ${batch}`);
  if (hashes.length === 0) throw new RangeError('hashes must not be empty');
  // Past 10^digits names grow a digit and stop sorting like their numbers, which resuming needs.
  if (total > 10 ** digits)
    throw new RangeError(`${total} accounts do not fit in ${digits} digits`);

  const client = new pg.Client({ connectionString: url, application_name: APPLICATION_NAME });
  // A lost connection also fails the query in flight and every later one, which is how it
  // reaches the caller; unheard, the same error as an event would crash the process instead.
  client.on('error', () => {});
  await client.connect();
  try {
    // Safe for this loader, and for this session only: a crash can lose the last commits (a
    // fraction of a second of them) but never tears one, and WAL order means what is lost is
    // always the newest batches, so the rows left are still 0..k and the next run redoes the
    // rest. Every other session keeps the cluster's durability.
    await client.query('set synchronous_commit = off');

    // Zero-padded names sort like their numbers, so the last one tells where to resume. The
    // range is on lowerUsername, the expression users_username_ci is built on, so the index
    // serves it (read backwards, it stops at the first match); the length and digit tests skip
    // other names that happen to share the prefix ("seedling") without leaving the index.
    const key = lowerUsername(users.username);
    const [last] = await drizzle(client)
      .select({ username: users.username })
      .from(users)
      .where(
        and(
          gte(key, sql`lower(${prefix} || repeat('0', ${digits})) collate "C"`),
          lte(key, sql`lower(${prefix} || repeat('9', ${digits})) collate "C"`),
          sql`length(${users.username}) = length(${prefix}) + ${digits}`,
          sql`substr(${users.username}, length(${prefix}) + 1) ~ '^[0-9]+$'`,
        ),
      )
      .orderBy(desc(key))
      .limit(1);
    const start = last === undefined ? 0 : Number(last.username.slice(prefix.length)) + 1;

    // Everything but the number is the same text for every row: escape it once.
    const head = copyText(prefix);
    const tails = hashes.map((hash) => `\t${copyText(hash)}\t\t0\t${now}\t${now}\n`);
    function* lines(from: number, to: number) {
      for (let i = from; i < to; i += ROWS_PER_CHUNK) {
        let chunk = '';
        for (let j = i, end = Math.min(to, i + ROWS_PER_CHUNK); j < end; j += 1)
          chunk += head + String(j).padStart(digits, '0') + tails[j % tails.length];
        yield chunk;
      }
    }

    // One batch at a time, in order: resuming after the highest name is only right if no batch
    // can commit before the one below it.
    for (let from = start; from < total; from += batch) {
      const to = Math.min(total, from + batch);
      await pipeline(
        Readable.from(lines(from, to)),
        client.query(
          copyFrom(
            'copy users (username, password_hash, nickname, role, created_at, updated_at) from stdin',
          ),
        ),
      );
      onProgress?.(to, total);
    }
    // Fresh statistics, so the first queries after a load of millions plan for millions.
    if (start < total) await client.query('analyze users');
    return { existing: Math.min(start, total), added: Math.max(0, total - start) };
  } finally {
    await client.end();
  }
}
