import { and, eq, lt, sql } from 'drizzle-orm';
import type { SignInAddressesRepo } from '../repo.ts';
import { signInAddresses } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

// last_at is refreshed at most once a day, so repeated sign-ins from one place stay reads.
const REFRESH_MS = 24 * 3_600_000;

export function sqliteSignInAddresses(db: SqliteDb, write: Write): SignInAddressesRepo {
  const lastAt = db
    .select({ lastAt: signInAddresses.lastAt })
    .from(signInAddresses)
    .where(
      and(
        eq(signInAddresses.userId, sql.placeholder('userId')),
        eq(signInAddresses.address, sql.placeholder('address')),
      ),
    )
    .prepare();

  return {
    async known(userId, address, since) {
      const row = lastAt.get({ userId, address });
      return row !== undefined && row.lastAt >= since;
    },
    async remember(userId, address, now) {
      const row = lastAt.get({ userId, address });
      if (row && row.lastAt > now - REFRESH_MS) return;
      await write(() =>
        db
          .insert(signInAddresses)
          .values({ userId, address, lastAt: now })
          .onConflictDoUpdate({
            target: [signInAddresses.userId, signInAddresses.address],
            set: { lastAt: now },
          })
          .run(),
      );
    },
    async deleteOlderThan(at) {
      return write(
        () => db.delete(signInAddresses).where(lt(signInAddresses.lastAt, at)).run().changes,
      );
    },
  };
}
