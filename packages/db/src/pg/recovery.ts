import { and, eq, gt, lte } from 'drizzle-orm';
import type { RecoveryRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { recoveryTokens, sessions, users } from './tables.ts';

export function pgRecovery(db: PgDb): RecoveryRepo {
  return {
    async issue(token) {
      await db.transaction(async (tx) => {
        await tx.delete(recoveryTokens).where(eq(recoveryTokens.userId, token.userId));
        await tx.insert(recoveryTokens).values(token);
      });
    },
    async resetPassword(tokenHash, userId, passwordHash, now) {
      return db.transaction(async (tx) => {
        // Deleting the row is what spends it: of two concurrent uses, the second deletes nothing
        // (it waits on the first's row lock, then finds the row gone).
        const spent = await tx
          .delete(recoveryTokens)
          .where(
            and(
              eq(recoveryTokens.tokenHash, tokenHash),
              eq(recoveryTokens.userId, userId),
              gt(recoveryTokens.expiresAt, now),
            ),
          );
        if (spent.rowCount !== 1) return false;
        await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
        await tx.delete(sessions).where(eq(sessions.userId, userId));
        return true;
      });
    },
    async deleteExpired(now) {
      return (
        (await db.delete(recoveryTokens).where(lte(recoveryTokens.expiresAt, now))).rowCount ?? 0
      );
    },
  };
}
