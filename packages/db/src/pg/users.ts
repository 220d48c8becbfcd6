import { and, count, eq, gt, gte, isNull, lt, sql } from 'drizzle-orm';
import type { ProfilePatch, UsersRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { lockAdmins, wouldLeaveNoAdmin } from './last-admin.ts';
import {
  auditEvents,
  lowerUsername,
  pictures,
  sessions,
  throttleBlocks,
  throttleHits,
  users,
} from './tables.ts';
import { translateUnique } from './unique.ts';

// lowerUsername() and lower(email) match the expression indexes users_username_ci and
// users_email_ci, so each look-up is one index probe even at ten million rows.

export function pgUsers(db: PgDb): UsersRepo {
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('users_by_id');
  const byUsername = db
    .select()
    .from(users)
    .where(sql`${lowerUsername(users.username)} = lower(${sql.placeholder('username')})`)
    .prepare('users_by_username');
  const usernameExists = db
    .select({ id: users.id })
    .from(users)
    .where(sql`${lowerUsername(users.username)} = lower(${sql.placeholder('value')})`)
    .prepare('users_username_exists');
  const emailExists = db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${sql.placeholder('value')})`)
    .prepare('users_email_exists');

  return {
    async insert(user) {
      return translateUnique(async () => {
        const [row] = await db
          .insert(users)
          .values({ ...user, updatedAt: user.createdAt })
          .returning();
        return row!;
      });
    },
    async byId(id) {
      return (await byId.execute({ id }))[0];
    },
    async byUsername(username) {
      return (await byUsername.execute({ username }))[0];
    },
    async usernameExists(username) {
      return (await usernameExists.execute({ value: username })).length > 0;
    },
    async emailExists(email) {
      return (await emailExists.execute({ value: email })).length > 0;
    },
    async updateProfile(id, patch, now) {
      const set: ProfilePatch = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      );
      return translateUnique(async () => {
        const [row] = await db
          .update(users)
          .set({ ...set, updatedAt: now })
          .where(eq(users.id, id))
          .returning();
        return row;
      });
    },
    async setRole(id, role, now) {
      return db.transaction(async (tx) => {
        await lockAdmins(tx);
        if (role !== 1 && (await wouldLeaveNoAdmin(tx, id))) return false;
        await tx.update(users).set({ role, updatedAt: now }).where(eq(users.id, id));
        return true;
      });
    },
    async setDisabled(id, disabledAt, now) {
      return db.transaction(async (tx) => {
        if (disabledAt !== null) {
          await lockAdmins(tx);
          if (await wouldLeaveNoAdmin(tx, id)) return false;
        }
        await tx.update(users).set({ disabledAt, updatedAt: now }).where(eq(users.id, id));
        if (disabledAt !== null) await tx.delete(sessions).where(eq(sessions.userId, id));
        return true;
      });
    },
    async countActiveAdmins() {
      const [row] = await db
        .select({ n: count() })
        .from(users)
        .where(and(sql`${users.role} = 1`, isNull(users.disabledAt)));
      return row?.n ?? 0;
    },
    async list({ prefix, after, limit }) {
      const key = lowerUsername(users.username);
      const lowered = prefix.toLowerCase();
      // Usernames are ASCII below U+007F, so [prefix, prefix + U+007F) is exactly "starts with".
      const conditions = [
        lowered ? gte(key, lowered) : undefined,
        lowered ? lt(key, `${lowered}\u007f`) : undefined,
        after !== null ? gt(key, after) : undefined,
      ];
      return db
        .select()
        .from(users)
        .where(and(...conditions))
        .orderBy(key)
        .limit(limit);
    },
    async setPasswordHash(id, passwordHash, now) {
      await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id));
    },
    async changePassword(id, passwordHash, now, keepSessionId) {
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id));
        await tx
          .delete(sessions)
          .where(
            keepSessionId === null
              ? eq(sessions.userId, id)
              : sql`${sessions.userId} = ${id} and ${sessions.id} <> ${keepSessionId}`,
          );
      });
    },
    async deleteAccount(id, tombstone, throttleKeys) {
      return db.transaction(async (tx) => {
        await lockAdmins(tx);
        // The row lock orders this after any picture replacement of the user in flight.
        const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
        if (!user || (await wouldLeaveNoAdmin(tx, id))) return null;
        const names = await tx
          .select({ name: pictures.name })
          .from(pictures)
          .where(eq(pictures.userId, id));
        // Sessions, tokens, factors, challenges, picture rows and addresses go by cascade.
        await tx.delete(users).where(eq(users.id, id));
        await tx.delete(auditEvents).where(eq(auditEvents.userId, id));
        await tx.delete(auditEvents).where(eq(auditEvents.subject, user.username.toLowerCase()));
        for (const key of throttleKeys) {
          // The key itself and its per-address `key@address` counts; substr, not LIKE, as a
          // name may hold LIKE's `_`.
          const ofKey = (column: typeof throttleHits.key | typeof throttleBlocks.key) =>
            sql`(${column} = ${key} or substr(${column}, 1, ${key.length + 1}) = ${`${key}@`})`;
          await tx.delete(throttleHits).where(ofKey(throttleHits.key));
          await tx.delete(throttleBlocks).where(ofKey(throttleBlocks.key));
        }
        await tx.insert(auditEvents).values(tombstone);
        return { pictures: names.map((row) => row.name) };
      });
    },
  };
}
