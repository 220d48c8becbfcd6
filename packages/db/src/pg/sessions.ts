import { and, asc, eq, gt, lte, ne, sql } from 'drizzle-orm';
import type { SessionsRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { sessions, users } from './tables.ts';

export function pgSessions(db: PgDb): SessionsRepo {
  // The hot path of every authenticated request: two primary-key probes in one round trip.
  const findLive = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('sessions_find_live');
  const insert = db
    .insert(sessions)
    .values({
      tokenHash: sql.placeholder('tokenHash'),
      userId: sql.placeholder('userId'),
      createdAt: sql.placeholder('createdAt'),
      lastSeenAt: sql.placeholder('createdAt'),
      expiresAt: sql.placeholder('expiresAt'),
      userAgent: sql.placeholder('userAgent'),
      ip: sql.placeholder('ip'),
    })
    .returning()
    .prepare('sessions_insert');
  const touch = db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder('now')}` })
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('sessions_touch');

  return {
    async insert(session) {
      return (await insert.execute(session))[0]!;
    },
    async findLive(id, tokenHash, now) {
      return (await findLive.execute({ id, tokenHash, now }))[0];
    },
    async touch(id, now) {
      await touch.execute({ id, now });
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async listForUser(userId, now) {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
        .orderBy(asc(sessions.createdAt));
    },
    async deleteForUser(userId, exceptId) {
      const where =
        exceptId === null
          ? eq(sessions.userId, userId)
          : and(eq(sessions.userId, userId), ne(sessions.id, exceptId));
      return (await db.delete(sessions).where(where)).rowCount ?? 0;
    },
    async deleteExpired(now) {
      return (await db.delete(sessions).where(lte(sessions.expiresAt, now))).rowCount ?? 0;
    },
  };
}
