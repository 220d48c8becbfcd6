import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are epoch milliseconds (UTC). Column names are snake_case via drizzle `casing`.

export const users = sqliteTable(
  'users',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Kept as typed; uniqueness and look-ups ignore case (see the index). */
    username: text().notNull(),
    /** argon2id PHC string of the canonical md5 password. */
    passwordHash: text().notNull(),
    nickname: text().notNull().default(''),
    email: text(),
    phone: text(),
    question: text(),
    /** argon2id PHC string of the normalised answer. */
    answerHash: text(),
    /** Stored picture name (see pictures), or null. */
    picture: text(),
    role: integer().notNull().default(0),
    /** Set when an administrator disables the account; it cannot log in through any face. */
    disabledAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    // Also serves the admin list: keyset pages and prefix ranges over lower(username).
    uniqueIndex('users_username_ci').on(sql`lower(${t.username})`),
    uniqueIndex('users_email_ci').on(sql`lower(${t.email})`),
    // The few admins, found without scanning millions of customers (last-admin rule).
    index('users_admins').on(t.id).where(sql`${t.role} = 1`),
  ],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /**
     * SHA-256 of the token's secret part; the token is `<id>.<secret>`, so the row is found by
     * its primary key and this column is compared, never searched (see session-token.ts).
     */
    tokenHash: blob({ mode: 'buffer' }).notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
    expiresAt: integer().notNull(),
    userAgent: text(),
    ip: text(),
  },
  // No index on token_hash: a random key would make every login write a random index page.
  // expires_at is indexed for the sweep of expired rows: without it every sweep scans the table.
  (t) => [
    index('sessions_user_id').on(t.userId),
    index('sessions_expires_at').on(t.expiresAt),
  ],
);

export const recoveryTokens = sqliteTable(
  'recovery_tokens',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    tokenHash: blob({ mode: 'buffer' }).notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex('recovery_tokens_token_hash').on(t.tokenHash),
    index('recovery_tokens_user_id').on(t.userId),
    index('recovery_tokens_expires_at').on(t.expiresAt),
  ],
);

export const pictures = sqliteTable(
  'pictures',
  {
    name: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    bytes: integer().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index('pictures_user_id').on(t.userId)],
);
