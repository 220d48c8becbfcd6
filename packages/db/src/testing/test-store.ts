import { join } from 'node:path';
import Database from 'better-sqlite3';
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
  execute(statement: string): void;
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
      execute(statement) {
        const db = new Database(file);
        try {
          db.exec(statement);
        } finally {
          db.close();
        }
      },
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
    execute: (statement) => void psql(database.url, statement),
    drop: () => database.drop(),
  };
}
