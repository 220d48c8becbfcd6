import type { Repository } from '../repo.ts';
import { createGroupCommit } from './group-commit.ts';
import { sqliteAudit } from './audit.ts';
import { sqliteChallenges } from './challenges.ts';
import { sqliteFactors } from './factors.ts';
import { sqliteMeta } from './meta.ts';
import { migrateDatabase, sqliteReadiness } from './migrate.ts';
import { openDatabase } from './open.ts';
import { sqlitePictures } from './pictures.ts';
import { sqliteRecovery } from './recovery.ts';
import { sqliteSessions } from './sessions.ts';
import { sqliteSignInAddresses } from './sign-in-addresses.ts';
import { sqliteThrottle } from './throttle.ts';
import { sqliteUsers } from './users.ts';

export { migrateDatabase } from './migrate.ts';
export { openDatabase, type SqliteDb } from './open.ts';
export { backupDatabase, BackupError, type BackupResult } from './backup.ts';
export { LEDGER_TABLES, dumpDatabase } from './dump.ts';
export { seedUsers, type SeedOptions } from './seed.ts';

export interface SqliteOptions {
  /** Path of the database file, or ':memory:'. */
  file: string;
  /** Apply pending migrations before use (the server does; tools may choose). */
  migrate?: boolean;
}

/** The Repository on one SQLite file. */
export function createSqliteRepository({ file, migrate = true }: SqliteOptions): Repository {
  const db = openDatabase(file);
  if (migrate) migrateDatabase(db);
  const { write, flush } = createGroupCommit(db.$client);
  return {
    backend: 'sqlite',
    users: sqliteUsers(db, write),
    sessions: sqliteSessions(db, write),
    recovery: sqliteRecovery(db, write),
    pictures: sqlitePictures(db, write),
    meta: sqliteMeta(db, write),
    throttle: sqliteThrottle(db, write),
    signInAddresses: sqliteSignInAddresses(db, write),
    audit: sqliteAudit(db, write),
    factors: sqliteFactors(db, write),
    challenges: sqliteChallenges(db, write),
    poolStats: () => null,
    async readiness() {
      return sqliteReadiness(db);
    },
    async close() {
      flush();
      db.$client.close();
    },
  };
}
