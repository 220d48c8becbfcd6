import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startPgCluster } from '../testing/pg-cluster.ts';
import { seedUsersPg } from './seed.ts';

const migrationsFolder = fileURLToPath(new URL('../../migrations/postgres', import.meta.url));
const now = Date.UTC(2026, 0, 1);
// PHC strings as argon2 writes them ($, comma, =), and one with every character COPY's text
// format treats as syntax: all must arrive byte for byte.
const hashes = [
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',
  '$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0$9sTbSlTio3Biev89thdrlKKiCaYsjjYV',
  'back\\slash\ttab\nnewline\rreturn\\N',
];

let cluster: PgCluster;
let admin: pg.Client;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  cluster = await startPgCluster({ volatile: true });
  admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  // pool.end() does not wait for its backends to exit, and the cluster's fast shutdown would
  // send the ones still closing an error that nobody listens for any more.
  while (
    (
      await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where backend_type = 'client backend' and pid <> pg_backend_pid()`,
      )
    ).rows[0]?.n
  )
    await new Promise((resolve) => setTimeout(resolve, 10));
  await admin.end();
  await cluster.destroy();
});

/** A new database with the real migrations, and a pool on it (ended in afterAll) for checking. */
async function freshDatabase() {
  const name = `seed_${pools.length}`;
  await admin.query(`create database ${name}`);
  const url = cluster.url(name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(pool);
  await migrate(drizzle(pool, { casing: 'snake_case' }), { migrationsFolder });
  const one = async <T>(text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows[0] as T;
  return { url, pool, one };
}

describe('seedUsersPg', () => {
  it('seeds in batches, then resumes to a larger total without duplicates', async () => {
    const { url, one } = await freshDatabase();
    const seed = (total: number, progress: number[] = []) =>
      seedUsersPg(url, {
        total,
        prefix: 'seed',
        digits: 5,
        hashes,
        now,
        batch: 1000,
        onProgress: (done, all) => progress.push(done, all),
      });
    const progress: number[] = [];
    expect(await seed(2500, progress)).toEqual({ existing: 0, added: 2500 });
    expect(progress).toEqual([1000, 2500, 2000, 2500, 2500, 2500]);
    expect(await seed(4200)).toEqual({ existing: 2500, added: 1700 });
    expect(await seed(4200)).toEqual({ existing: 4200, added: 0 });
    expect(await seed(100)).toEqual({ existing: 100, added: 0 });

    expect(
      await one(`select count(*)::int as rows, count(distinct lower(username))::int as names,
                 count(distinct id)::int as ids, min(username), max(username) from users`),
    ).toEqual({ rows: 4200, names: 4200, ids: 4200, min: 'seed00000', max: 'seed04199' });
    // Analyzed at the end, so the planner knows the table's size without waiting for autovacuum.
    expect(await one(`select reltuples::int as n from pg_class where relname = 'users'`)).toEqual({
      n: 4200,
    });
  });

  it('writes the names, hashes and defaults that sign-in looks up, whatever their case', async () => {
    const { url, pool, one } = await freshDatabase();
    await seedUsersPg(url, { total: 30, prefix: 'Load', digits: 4, hashes, now, batch: 7 });
    const byName = (name: string) =>
      one(
        `select username, password_hash, nickname, role, email, created_at, updated_at from users
          where lower(username) collate "C" = lower($1) collate "C"`,
        [name],
      );
    expect(await byName('LOAD0017')).toEqual({
      username: 'Load0017',
      password_hash: hashes[17 % 3],
      nickname: '',
      role: 0,
      email: null,
      created_at: String(now),
      updated_at: String(now),
    });
    expect(await byName('load0029')).toMatchObject({ password_hash: hashes[29 % 3] });
    expect(await byName('load0030')).toBeUndefined();
    const stored = await pool.query<{ password_hash: string }>(
      'select distinct password_hash from users',
    );
    expect(stored.rows.map((r) => r.password_hash).sort()).toEqual([...hashes].sort());
  });

  it('resumes after the highest seeded name in any case, ignoring other names with the prefix', async () => {
    const { url, pool, one } = await freshDatabase();
    for (const username of ['seedling', 'seed12', 'seed0000x', 'SEED00004'])
      await pool.query(
        `insert into users (username, password_hash, created_at, updated_at) values ($1, 'h', 0, 0)`,
        [username],
      );
    expect(await seedUsersPg(url, { total: 10, prefix: 'seed', digits: 5, hashes, now })).toEqual({
      existing: 5,
      added: 5,
    });
    expect(
      await one(`select count(*)::int as n from users where username ~ '^seed[0-9]{5}$'`),
    ).toEqual({ n: 5 });
  });

  it('leaves whole batches when the connection is cut in the middle of one', async () => {
    const { url, pool, one } = await freshDatabase();
    const options = { total: 200_000, prefix: 's', digits: 6, hashes, now, batch: 20_000 };
    let committed = false;
    const run = seedUsersPg(url, {
      ...options,
      onProgress: () => {
        committed = true;
      },
    });
    const outcome = run.then(
      () => 'finished',
      (error: { code?: string }) => error.code,
    );
    // Wait for a COPY that is under way after at least one batch has committed, then end it.
    let cut = false;
    while (!cut) {
      if (!committed) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      const { rows } = await pool.query<{ ok: boolean }>(
        `select pg_terminate_backend(p.pid) as ok
           from pg_stat_progress_copy p join pg_stat_activity a using (pid)
          where a.application_name = 'acct-seed' and p.tuples_processed > 0`,
      );
      cut = rows[0]?.ok === true;
    }
    // The server's "terminated by an administrator", or the socket's error if a write sees the
    // cut first: either way the run fails rather than reporting success.
    expect(['57P01', 'ECONNRESET', 'EPIPE']).toContain(await outcome);

    const { n } = await one<{ n: number }>('select count(*)::int as n from users');
    expect(n % options.batch).toBe(0);
    expect(n).toBeGreaterThanOrEqual(options.batch);
    expect(n).toBeLessThan(options.total);
    expect(await seedUsersPg(url, options)).toEqual({ existing: n, added: options.total - n });
    expect(
      await one(
        'select count(*)::int as rows, count(distinct lower(username))::int as names from users',
      ),
    ).toEqual({ rows: options.total, names: options.total });
  });
});
