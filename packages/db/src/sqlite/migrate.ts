import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { committedMigrations, migrationsFolder } from '../journal.ts';
import type { Readiness } from '../repo.ts';
import type { SqliteDb } from './open.ts';

/** Applies the committed migrations that this database has not seen yet. */
export function migrateDatabase(db: SqliteDb): void {
  migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
}

/** Ready when the file answers and has every committed migration applied. */
export function sqliteReadiness(db: SqliteDb): Readiness {
  try {
    const row = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as {
      n: number;
    };
    const wanted = committedMigrations('sqlite');
    return row.n >= wanted
      ? { ready: true }
      : { ready: false, reason: `${wanted - row.n} migration(s) not applied` };
  } catch (error) {
    return { ready: false, reason: (error as Error).message };
  }
}
