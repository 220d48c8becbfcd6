import { and, asc, eq, gt, lte, ne, sql } from 'drizzle-orm';
import type { SessionsRepo } from '../repo.ts';
import { sessions, users } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteSessions(db: SqliteDb, write: Write): SessionsRepo {
  // The hot path of every authenticated request: two primary-key probes. Comparing the stored
  // digest with `=` is safe: timing can only tell how much of a SHA-256 output matched.
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
    .prepare();
  // Every login inserts a session: prepared once, not rebuilt and re-prepared per request.
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
    .prepare();
  const touch = db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder('now')}` })
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare();

  return {
    async insert(session) {
      return write(() => insert.get(session));
    },
    async findLive(id, tokenHash, now) {
      return findLive.get({ id, tokenHash, now });
    },
    async touch(id, now) {
      await write(() => touch.run({ id, now }));
    },
    async delete(id) {
      await write(() => db.delete(sessions).where(eq(sessions.id, id)).run());
    },
    async listForUser(userId, now) {
      return db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
        .orderBy(asc(sessions.createdAt))
        .all();
    },
    async deleteForUser(userId, exceptId) {
      const where =
        exceptId === null
          ? eq(sessions.userId, userId)
          : and(eq(sessions.userId, userId), ne(sessions.id, exceptId));
      return write(() => db.delete(sessions).where(where).run().changes);
    },
    async deleteExpired(now) {
      return write(() => db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes);
    },
  };
}
