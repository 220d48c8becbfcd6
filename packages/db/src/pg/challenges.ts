import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { ChallengesRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { authChallenges } from './tables.ts';

export function pgChallenges(db: PgDb): ChallengesRepo {
  return {
    async insert(challenge) {
      const [row] = await db.insert(authChallenges).values(challenge).returning();
      return row!;
    },
    async find(id, tokenHash, now) {
      const [row] = await db
        .select()
        .from(authChallenges)
        .where(
          and(
            eq(authChallenges.id, id),
            eq(authChallenges.tokenHash, tokenHash),
            gt(authChallenges.expiresAt, now),
          ),
        );
      return row;
    },
    async setWebauthnChallenge(id, webauthnChallenge) {
      await db.update(authChallenges).set({ webauthnChallenge }).where(eq(authChallenges.id, id));
    },
    async countAttempt(id) {
      const [row] = await db
        .update(authChallenges)
        .set({ attempts: sql`${authChallenges.attempts} + 1` })
        .where(eq(authChallenges.id, id))
        .returning({ attempts: authChallenges.attempts });
      return row?.attempts ?? Number.POSITIVE_INFINITY;
    },
    async consume(id) {
      // Of two racing deletes, the second waits on the row lock and then deletes nothing.
      const result = await db.delete(authChallenges).where(eq(authChallenges.id, id));
      return result.rowCount === 1;
    },
    async deleteExpired(now) {
      return (
        (await db.delete(authChallenges).where(lte(authChallenges.expiresAt, now))).rowCount ?? 0
      );
    },
  };
}
