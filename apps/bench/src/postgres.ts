import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPgCluster } from '@acct/db/pg-cluster';
import pg from 'pg';

/**
 * The bench's PostgreSQL: a cluster kept in `dir` across runs (seeding ten million accounts is
 * done once), durable as in production (fsync and synchronous_commit on), with a buffer cache
 * sized for this machine. Its secret is kept beside it, as one SECRET_KEY for every instance.
 */
export async function benchPostgres(dir: string) {
  const cluster = await startPgCluster({
    dir,
    maxConnections: 200,
    settings: { shared_buffers: '2GB', effective_cache_size: '8GB', max_wal_size: '4GB' },
  });
  const client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = 'acct'");
    if (exists.rowCount === 0) await client.query('create database acct');
  } finally {
    await client.end();
  }
  const secretFile = join(dir, 'secret.key');
  if (!existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  return {
    env: { DATABASE_URL: cluster.url('acct'), SECRET_KEY: readFileSync(secretFile, 'utf8') },
    /** The postmaster: its backends, the database's CPU, are its children. */
    get pid() {
      return cluster.pid;
    },
    stop: () => cluster.destroy(),
  };
}
