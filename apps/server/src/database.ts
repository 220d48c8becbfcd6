import type { Repository } from '@acct/db';
import { createPgRepository } from '@acct/db/postgres';
import { openRepository as openSqlite } from './data-dir.ts';
import { ConfigError, type Config } from './env.ts';

type DatabaseConfig = Pick<Config, 'database' | 'dataDir' | 'picturesDir' | 'startEmpty'>;

/** Where the data lives, for messages: the SQLite file, or the PostgreSQL host and database (no password). */
export function describeDatabase({ database, dataDir }: DatabaseConfig): string {
  if (database.backend === 'sqlite') return `${dataDir}/acct.db`;
  const url = new URL(database.url);
  return `PostgreSQL ${url.host || url.searchParams.get('host')}${url.pathname}`;
}

/**
 * Opens the configured backend and applies pending migrations (on PostgreSQL under an advisory
 * lock, so that instances starting together migrate once). A database that cannot be reached
 * stops the start with a message that says which one and why.
 */
export async function openDatabase(config: DatabaseConfig): Promise<Repository> {
  const { database } = config;
  if (database.backend === 'sqlite')
    return openSqlite(config.dataDir, {
      picturesDir: config.picturesDir,
      startEmpty: config.startEmpty,
    });
  try {
    return await createPgRepository(database);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    throw new ConfigError(
      `Cannot open the database ${describeDatabase(config)}: ${code ?? 'error'} (${message}). ` +
        'Check DATABASE_URL and that PostgreSQL is running and reachable.',
    );
  }
}
