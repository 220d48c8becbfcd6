import { and, eq, lt, sql } from 'drizzle-orm';
import type { SignInAddressesRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { signInAddresses } from './tables.ts';

// last_at is refreshed at most once a day, so repeated sign-ins from one place stay reads.
const REFRESH_MS = 24 * 3_600_000;

export function pgSignInAddresses(db: PgDb): SignInAddressesRepo {
  const lastAt = db
    .select({ lastAt: signInAddresses.lastAt })
    .from(signInAddresses)
    .where(
      and(
        eq(signInAddresses.userId, sql.placeholder('userId')),
        eq(signInAddresses.address, sql.placeholder('address')),
      ),
    )
    .prepare('sign_in_addresses_last_at');

  return {
    async known(userId, address, since) {
      const [row] = await lastAt.execute({ userId, address });
      return row !== undefined && row.lastAt >= since;
    },
    async remember(userId, address, now) {
      const [row] = await lastAt.execute({ userId, address });
      if (row && row.lastAt > now - REFRESH_MS) return;
      await db
        .insert(signInAddresses)
        .values({ userId, address, lastAt: now })
        .onConflictDoUpdate({
          target: [signInAddresses.userId, signInAddresses.address],
          set: { lastAt: now },
        });
    },
    async deleteOlderThan(at) {
      return (await db.delete(signInAddresses).where(lt(signInAddresses.lastAt, at))).rowCount ?? 0;
    },
  };
}
