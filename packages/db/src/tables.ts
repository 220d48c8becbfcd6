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

/**
 * An account's TOTP authenticator (RFC 6238): one per account. While `confirmedAt` is null the
 * enrolment waits for its first code and the key guards nothing.
 */
export const totpFactors = sqliteTable('totp_factors', {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The shared key, sealed (AES-256-GCM) with a key derived from the server secret. */
  sealedSecret: blob({ mode: 'buffer' }).notNull(),
  confirmedAt: integer(),
  /** The newest time step accepted: a code of it, or of an earlier step, is a replay. */
  lastStep: integer(),
  createdAt: integer().notNull(),
});

/** Single-use recovery codes of an account with TOTP. Random (59 bits), so a keyed fast hash suffices. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** HMAC-SHA-256 of the normalised code under a key derived from the server secret. */
    codeHash: blob({ mode: 'buffer' }).notNull(),
    usedAt: integer(),
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** A WebAuthn credential (passkey) registered to an account. */
export const passkeys = sqliteTable(
  'passkeys',
  {
    /** The credential ID, base64url, as the authenticator made it. */
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The user's own label for it ("Work laptop"). */
    name: text().notNull(),
    /** COSE public key. */
    publicKey: blob({ mode: 'buffer' }).notNull(),
    /** The signature counter last seen; 0 for authenticators that keep none. */
    counter: integer().notNull(),
    /** JSON array of transport hints (`internal`, `usb`, `hybrid`, …), or null. */
    transports: text(),
    /** `singleDevice` or `multiDevice` (a synced passkey). */
    deviceType: text().notNull(),
    backedUp: integer({ mode: 'boolean' }).notNull(),
    createdAt: integer().notNull(),
    lastUsedAt: integer(),
  },
  (t) => [index('passkeys_user_id').on(t.userId)],
);

/**
 * A step of a sign-in or a passkey ceremony in progress, kept on the server: the client holds
 * only `<id>.<secret>` (like a session token), short-lived and spent on first success.
 */
export const authChallenges = sqliteTable(
  'auth_challenges',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** SHA-256 of the token's secret part. */
    tokenHash: blob({ mode: 'buffer' }).notNull(),
    /** `second_factor`, `passkey_sign_in` or `passkey_register`. */
    purpose: text().notNull(),
    /** Null for a passkey sign-in that names no account yet (a discoverable credential). */
    userId: integer().references(() => users.id, { onDelete: 'cascade' }),
    /** The WebAuthn challenge (base64url) of a passkey ceremony, once one is begun. */
    webauthnChallenge: text(),
    /** A small JSON object: how the session is handed over, which sign-in it completes. */
    detail: text(),
    /** Wrong codes offered against it; past a few it is spent. */
    attempts: integer().notNull().default(0),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
  },
  (t) => [
    index('auth_challenges_user_id').on(t.userId),
    index('auth_challenges_expires_at').on(t.expiresAt),
  ],
);
