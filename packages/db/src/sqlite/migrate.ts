import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationReadiness, migrationsFolder } from '../journal.ts';
import type { Readiness } from '../repo.ts';
import type { SqliteDb } from './open.ts';

/** Applies the committed migrations that this database has not seen yet. */
export function migrateDatabase(db: SqliteDb): void {
  migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
}

/** Ready when the file answers and has every committed migration applied. */
export function sqliteReadiness(db: SqliteDb): Readiness {
  try {
    const row = db.$client
      .prepare('select max(created_at) as newest from __drizzle_migrations')
      .get() as { newest: number | null };
    return migrationReadiness('sqlite', row.newest);
  } catch (error) {
    return { ready: false, reason: (error as Error).message };
  }
}
