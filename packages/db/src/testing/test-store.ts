import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Backend, Repository } from '../repo.ts';
import { createPgRepository } from '../pg/index.ts';
import { createSqliteRepository, dumpDatabase } from '../sqlite/index.ts';
import { dumpPostgres, psql } from './pg-dump.ts';
import { testPgAdminUrl } from './test-backend.ts';
import { createTestDatabase } from './test-database.ts';

/** Where one test instance keeps its data, on the backend its test project runs on. */
export interface TestStore {
  backend: Backend;
  /** What a server needs in its environment to use this store (DATABASE_URL on PostgreSQL). */
  env: Record<string, string>;
  /** A Repository on the store (each call opens another, as another process would). */
  open(): Promise<Repository>;
  /** Every row of every table but `except`, read apart from any open Repository. */
  dump(options?: { except?: readonly string[] }): Record<string, unknown[]>;
  /** Runs one SQL statement apart from any open Repository (tests age rows this way). */
  execute(statement: string): Promise<void>;
  /** Removes a PostgreSQL database (a SQLite file goes with its directory). */
  drop(): Promise<void>;
}

export async function createTestStore(dir: string): Promise<TestStore> {
  const adminUrl = testPgAdminUrl();
  if (!adminUrl) {
    const file = join(dir, 'acct.db');
    return {
      backend: 'sqlite',
      env: {},
      open: async () => createSqliteRepository({ file }),
      dump: (options) => dumpDatabase(file, options),
      // On a thread of its own: a server in this process may hold the write lock until its event
      // loop turns, which a synchronous wait here would stop.
      execute: (statement) => runInWorker(file, statement),
      drop: async () => {},
    };
  }
  const database = await createTestDatabase(adminUrl);
  return {
    backend: 'postgres',
    env: { DATABASE_URL: database.url },
    // A small pool: many instances share the cluster's connections during a run.
    open: () => createPgRepository({ url: database.url, poolSize: 4, migrate: false }),
    dump: (options) => dumpPostgres(database.url, options),
    execute: async (statement) => void psql(database.url, statement),
    drop: () => database.drop(),
  };
}

const workerSource = `
  const { workerData } = require('node:worker_threads');
  const Database = require('better-sqlite3');
  const db = new Database(workerData.file, { timeout: 10000 });
  try { db.exec(workerData.statement); } finally { db.close(); }
`;

function runInWorker(file: string, statement: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { file, statement } });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`statement failed (exit ${code})`)),
    );
  });
}
