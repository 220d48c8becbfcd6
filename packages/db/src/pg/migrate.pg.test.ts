import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PgCluster, startPgCluster } from '../testing/pg-cluster.ts';
import { createPgRepository } from './index.ts';

// Instances that start together on a new database must migrate it once, not race each other.

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster({ volatile: true });
});
afterAll(() => cluster.destroy());

it('migrates once when five instances start together on an empty database', async () => {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('create database together');
  const url = cluster.url('together');
  const repos = await Promise.all(
    Array.from({ length: 5 }, () => createPgRepository({ url, poolSize: 2 })),
  );
  try {
    for (const repo of repos) expect(await repo.readiness()).toEqual({ ready: true });
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const applied = await check.query<{ hash: string }>(
      'select hash from drizzle.__drizzle_migrations',
    );
    await check.end();
    // Each committed migration recorded exactly once.
    expect(applied.rows.length).toBeGreaterThan(0);
    expect(new Set(applied.rows.map((r) => r.hash)).size).toBe(applied.rows.length);
    // And the schema works from every instance.
    const users = await Promise.all(
      repos.map((repo, i) =>
        repo.users.insert({ username: `first${i}`, passwordHash: 'h', createdAt: 1 }),
      ),
    );
    expect(new Set(users.map((u) => u.id)).size).toBe(5);
  } finally {
    await Promise.all(repos.map((repo) => repo.close()));
    await admin.end();
  }
});
