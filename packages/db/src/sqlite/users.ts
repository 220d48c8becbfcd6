import { and, count, eq, gt, gte, isNull, lt, sql } from 'drizzle-orm';
import type { ProfilePatch, UserRow, UsersRepo } from '../repo.ts';
import { auditEvents, pictures, sessions, throttleBlocks, throttleHits, users } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';
import { translateUnique } from './unique.ts';

// lower() on both sides matches the expression indexes users_username_ci / users_email_ci,
// so each look-up is one index probe even at ten million rows.

export function sqliteUsers(db: SqliteDb, write: Write): UsersRepo {
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
  const usernameExists = db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${sql.placeholder('value')})`)
    .prepare();
  const emailExists = db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${sql.placeholder('value')})`)
    .prepare();
  // A profile patch sets some of nickname, email, phone: one prepared statement per combination
  // (seven at most), built on first use instead of on every request.
  const updates = new Map<
    string,
    { get: (values: Record<string, unknown>) => UserRow | undefined }
  >();
  const updateFor = (fields: (keyof ProfilePatch)[]) => {
    const key = fields.join(',');
    let statement = updates.get(key);
    if (!statement) {
      const set = Object.fromEntries(
        fields.map((field) => [field, sql`${sql.placeholder(field)}`]),
      );
      statement = db
        .update(users)
        .set({ ...set, updatedAt: sql`${sql.placeholder('now')}` })
        .where(eq(users.id, sql.placeholder('id')))
        .returning()
        .prepare();
      updates.set(key, statement);
    }
    return statement;
  };
  const byUsername = db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${sql.placeholder('username')})`)
    .prepare();

  /** True when `id` is the only active administrator (the partial index users_admins finds them). */
  const lastAdmin = db.$client.prepare<[number, number], { last: number }>(
    `select exists (select 1 from users where id = ? and role = 1 and disabled_at is null)
        and not exists (select 1 from users where role = 1 and disabled_at is null and id <> ?) as last`,
  );
  const wouldLeaveNoAdmin = (id: number) => lastAdmin.get(id, id)?.last === 1;

  return {
    async insert(user) {
      return write(() =>
        translateUnique(() =>
          db
            .insert(users)
            .values({ ...user, updatedAt: user.createdAt })
            .returning()
            .get(),
        ),
      );
    },
    async byId(id) {
      return byId.get({ id });
    },
    async byUsername(username) {
      return byUsername.get({ username });
    },
    async usernameExists(username) {
      return usernameExists.get({ value: username }) !== undefined;
    },
    async emailExists(email) {
      return emailExists.get({ value: email }) !== undefined;
    },
    async updateProfile(id, patch, now) {
      const fields = (['nickname', 'email', 'phone'] as const).filter(
        (field) => patch[field] !== undefined,
      );
      return write(() => translateUnique(() => updateFor(fields).get({ ...patch, now, id })));
    },
    // The last-admin check and the write share one synchronous `write`: nothing runs between them.
    async setRole(id, role, now) {
      return write(() => {
        if (role !== 1 && wouldLeaveNoAdmin(id)) return false;
        db.update(users).set({ role, updatedAt: now }).where(eq(users.id, id)).run();
        return true;
      });
    },
    async setDisabled(id, disabledAt, now) {
      return write(() => {
        if (disabledAt !== null && wouldLeaveNoAdmin(id)) return false;
        db.update(users).set({ disabledAt, updatedAt: now }).where(eq(users.id, id)).run();
        if (disabledAt !== null) db.delete(sessions).where(eq(sessions.userId, id)).run();
        return true;
      });
    },
    async countActiveAdmins() {
      // `role = 1` matches the partial index users_admins.
      const row = db
        .select({ n: count() })
        .from(users)
        .where(and(sql`${users.role} = 1`, isNull(users.disabledAt)))
        .get();
      return row?.n ?? 0;
    },
    async list({ prefix, after, limit }) {
      const key = sql`lower(${users.username})`;
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
        .limit(limit)
        .all();
    },
    async setPasswordHash(id, passwordHash, now) {
      await write(() =>
        db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id)).run(),
      );
    },
    async changePassword(id, passwordHash, now, keepSessionId) {
      await write(() => {
        db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id)).run();
        db.delete(sessions)
          .where(
            keepSessionId === null
              ? eq(sessions.userId, id)
              : sql`${sessions.userId} = ${id} and ${sessions.id} <> ${keepSessionId}`,
          )
          .run();
      });
    },
    async deleteAccount(id, tombstone, throttleKeys) {
      return write(() => {
        const user = byId.get({ id });
        if (!user || wouldLeaveNoAdmin(id)) return null;
        const names = db
          .select({ name: pictures.name })
          .from(pictures)
          .where(eq(pictures.userId, id))
          .all()
          .map((row) => row.name);
        // Sessions, tokens, factors, challenges, picture rows and addresses go by cascade.
        db.delete(users).where(eq(users.id, id)).run();
        db.delete(auditEvents).where(eq(auditEvents.userId, id)).run();
        db.delete(auditEvents).where(eq(auditEvents.subject, user.username.toLowerCase())).run();
        for (const key of throttleKeys) {
          // The key itself and its per-address `key@address` counts; substr, not LIKE, as a
          // name may hold LIKE's `_`.
          const ofKey = (column: typeof throttleHits.key | typeof throttleBlocks.key) =>
            sql`(${column} = ${key} or substr(${column}, 1, ${key.length + 1}) = ${`${key}@`})`;
          db.delete(throttleHits).where(ofKey(throttleHits.key)).run();
          db.delete(throttleBlocks).where(ofKey(throttleBlocks.key)).run();
        }
        db.insert(auditEvents).values(tombstone).run();
        return { pictures: names };
      });
    },
  };
}
