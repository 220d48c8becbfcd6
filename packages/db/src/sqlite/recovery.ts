import { and, eq, gt, lte } from 'drizzle-orm';
import type { RecoveryRepo } from '../repo.ts';
import { recoveryTokens, sessions, users } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteRecovery(db: SqliteDb, write: Write): RecoveryRepo {
  return {
    async issue(token) {
      await write(() => {
        db.delete(recoveryTokens).where(eq(recoveryTokens.userId, token.userId)).run();
        db.insert(recoveryTokens).values(token).run();
      });
    },
    async resetPassword(tokenHash, userId, passwordHash, now) {
      return write(() => {
        // Deleting the row is what spends it: a second use finds nothing.
        const spent = db
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
        db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId)).run();
        db.delete(sessions).where(eq(sessions.userId, userId)).run();
        return true;
      });
    },
    async deleteExpired(now) {
      return write(
        () => db.delete(recoveryTokens).where(lte(recoveryTokens.expiresAt, now)).run().changes,
      );
    },
  };
}
