import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

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
    index('users_admins')
      .on(t.id)
      .where(sql`${t.role} = 1`),
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
  (t) => [index('sessions_user_id').on(t.userId), index('sessions_expires_at').on(t.expiresAt)],
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

/**
 * One attempt counted against a throttle key: a failure, or an attempt still in flight (it is
 * recorded before the costly check and removed again only if that check succeeds).
 */
export const throttleHits = sqliteTable(
  'throttle_hits',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** e.g. `login:account:lambo`, `credential:address:203.0.113.7` */
    key: text().notNull(),
    at: integer().notNull(),
    /** The attempt is still being checked: it counts against the bound, but only settled failures block. */
    pending: integer({ mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('throttle_hits_key_at').on(t.key, t.at), index('throttle_hits_at').on(t.at)],
);

/** A key refused until `until`. Each strike within a day doubles the next refusal (back-off). */
export const throttleBlocks = sqliteTable(
  'throttle_blocks',
  {
    key: text().primaryKey(),
    until: integer().notNull(),
    strikes: integer().notNull(),
    /** When the last strike fell; strikes are forgotten a day after it. */
    struckAt: integer().notNull(),
  },
  (t) => [index('throttle_blocks_struck_at').on(t.struckAt)],
);

/**
 * Addresses an account signed in from recently: a lock that failures from elsewhere put on the
 * account does not apply there (those addresses have their own, separate count).
 */
export const signInAddresses = sqliteTable(
  'sign_in_addresses',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    address: text().notNull(),
    lastAt: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.address] }),
    index('sign_in_addresses_last_at').on(t.lastAt),
  ],
);

/**
 * The security audit log: append-only through the repository, purged only by retention.
 * `user_id` is deliberately not a foreign key: an account's events outlive the account.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer().notNull(),
    /** e.g. `login`, `password_change`, `role_change` (see @acct/schema audit kinds). */
    kind: text().notNull(),
    /** `success`, `failure` or `refused` (throttled or not allowed). */
    outcome: text().notNull(),
    /** The account the event is about, when known. */
    userId: integer(),
    /** The name given, lowercased, when no account matched it (failed logins). */
    subject: text(),
    /** The administrator who acted, for admin actions. */
    actorId: integer(),
    ip: text(),
    /** `trpc`, `entry`, `mall` or `cli`. */
    face: text().notNull(),
    userAgent: text(),
    requestId: text(),
    /** A small JSON object of non-secret particulars (new role, search prefix, reason). */
    detail: text(),
  },
  (t) => [
    index('audit_events_user_id').on(t.userId, t.id),
    index('audit_events_subject')
      .on(t.subject, t.id)
      .where(sql`${t.subject} is not null`),
    index('audit_events_kind').on(t.kind, t.id),
    index('audit_events_at').on(t.at),
  ],
);

/** Facts about this database itself, e.g. the fingerprint of the secret it was created with. */
export const meta = sqliteTable('meta', {
  key: text().primaryKey(),
  value: text().notNull(),
});
