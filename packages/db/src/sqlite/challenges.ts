import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { ChallengesRepo } from '../repo.ts';
import { authChallenges } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteChallenges(db: SqliteDb, write: Write): ChallengesRepo {
  return {
    async insert(challenge) {
      return write(() => db.insert(authChallenges).values(challenge).returning().get());
    },
    async find(id, tokenHash, now) {
      return db
        .select()
        .from(authChallenges)
        .where(
          and(
            eq(authChallenges.id, id),
            eq(authChallenges.tokenHash, tokenHash),
            gt(authChallenges.expiresAt, now),
          ),
        )
        .get();
    },
    async setWebauthnChallenge(id, webauthnChallenge) {
      await write(() =>
        db.update(authChallenges).set({ webauthnChallenge }).where(eq(authChallenges.id, id)).run(),
      );
    },
    async countAttempt(id) {
      return write(() => {
        const row = db
          .update(authChallenges)
          .set({ attempts: sql`${authChallenges.attempts} + 1` })
          .where(eq(authChallenges.id, id))
          .returning({ attempts: authChallenges.attempts })
          .get();
        return row?.attempts ?? Number.POSITIVE_INFINITY;
      });
    },
    async consume(id) {
      return write(
        () => db.delete(authChallenges).where(eq(authChallenges.id, id)).run().changes === 1,
      );
    },
    async deleteExpired(now) {
      return write(
        () => db.delete(authChallenges).where(lte(authChallenges.expiresAt, now)).run().changes,
      );
    },
  };
}
