import type { Repository } from '../repo.ts';
import { pgAudit } from './audit.ts';
import { pgChallenges } from './challenges.ts';
import { pgFactors } from './factors.ts';
import { pgMeta } from './meta.ts';
import { migratePg, pgReadiness } from './migrate.ts';
import { type PgOptions, openPool } from './open.ts';
import { pgPictures } from './pictures.ts';
import { pgRecovery } from './recovery.ts';
import { pgSessions } from './sessions.ts';
import { pgSignInAddresses } from './sign-in-addresses.ts';
import { pgThrottle } from './throttle.ts';
import { pgUsers } from './users.ts';

export { credentialProblem } from './credentials.ts';
export type { PgOptions } from './open.ts';

export interface PgRepositoryOptions extends PgOptions {
  /** Apply pending migrations before use (the server does; tools may choose). */
  migrate?: boolean;
}

/** The Repository on a PostgreSQL database, shared by every instance that points at it. */
export async function createPgRepository({
  migrate = true,
  ...options
}: PgRepositoryOptions): Promise<Repository> {
  const { pool, db } = openPool(options);
  try {
    if (migrate) await migratePg(db);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    backend: 'postgres',
    users: pgUsers(db),
    sessions: pgSessions(db),
    recovery: pgRecovery(db),
    pictures: pgPictures(db),
    meta: pgMeta(db),
    throttle: pgThrottle(db),
    signInAddresses: pgSignInAddresses(db),
    audit: pgAudit(db),
    factors: pgFactors(db),
    challenges: pgChallenges(db),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    readiness: () => pgReadiness(db),
    async close() {
      await pool.end();
    },
  };
}

/** The size of the database on disk (tables, indexes, TOAST), for the seed report. */
export async function databaseBytes(url: string): Promise<number> {
  const { pool } = openPool({ url, poolSize: 1 });
  try {
    const result = await pool.query<{ bytes: string }>(
      'select pg_database_size(current_database()) as bytes',
    );
    return Number(result.rows[0]?.bytes ?? 0);
  } finally {
    await pool.end();
  }
}
