import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrationReadiness, migrationsFolder } from '../journal.ts';
import type { Readiness } from '../repo.ts';
import type { PgDb } from './open.ts';

/** Held while migrating: N instances starting together migrate once, the others wait and find nothing to do. */
const MIGRATION_LOCK = 0x61636374_0002n; // 'acct' + 2

/**
 * Applies the committed migrations this database has not seen, under a session-level advisory
 * lock on one dedicated connection (drizzle's migrator runs its own transaction on it).
 */
export async function migratePg(db: PgDb): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(
        // The migrator on the locked connection alone, so the lock covers every statement it runs.
        drizzle({ client, casing: 'snake_case' }),
        { migrationsFolder: migrationsFolder('postgres') },
      );
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Ready when the database answers and has every committed migration applied. */
export async function pgReadiness(db: PgDb): Promise<Readiness> {
  try {
    const result = await db.execute<{ newest: string | null }>(
      sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
    );
    const newest = result.rows[0]?.newest;
    return migrationReadiness('postgres', newest == null ? null : Number(newest));
  } catch (error) {
    return { ready: false, reason: (error as Error).message };
  }
}
