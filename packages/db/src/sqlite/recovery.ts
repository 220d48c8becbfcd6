import { and, eq, gt, lte } from 'drizzle-orm';
import type { RecoveryRepo } from '../repo.ts';
import { recoveryTokens, sessions, users } from '../tables.ts';
import type { SqliteDb } from './open.ts';

export function sqliteRecovery(db: SqliteDb): RecoveryRepo {
  return {
    async issue(token) {
      db.transaction((tx) => {
        tx.delete(recoveryTokens).where(eq(recoveryTokens.userId, token.userId)).run();
        tx.insert(recoveryTokens).values(token).run();
      });
    },
    async resetPassword(tokenHash, userId, passwordHash, now) {
      return db.transaction((tx) => {
        // Deleting the row is what spends it: a second use finds nothing.
        const spent = tx
          .delete(recoveryTokens)
          .where(
            and(
              eq(recoveryTokens.tokenHash, tokenHash),
              eq(recoveryTokens.userId, userId),
              gt(recoveryTokens.expiresAt, now),
            ),
          )
          .run().changes;
        if (spent !== 1) return false;
        tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
        tx.delete(sessions).where(eq(sessions.userId, userId)).run();
        return true;
      });
    },
    async deleteExpired(now) {
      return db.delete(recoveryTokens).where(lte(recoveryTokens.expiresAt, now)).run().changes;
    },
  };
}
