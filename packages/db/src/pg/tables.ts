import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// The PostgreSQL twin of ../tables.ts: the same tables, columns and indexes, so that both
// backends produce the same row types (checked in row-types.ts). Times are epoch milliseconds in
// bigint (they outgrow int4); counters that only grow are bigint identities.

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const millis = () => bigint({ mode: 'number' });
const serialId = () => bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();

/**
 * Usernames sort and range-match as bytes, as SQLite's BINARY collation does, whatever the
 * database's locale: keyset pages and prefix ranges then mean the same on both backends.
 */
export const lowerUsername = (column: unknown) => sql`lower(${column}) collate "C"`;

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull(),
    passwordHash: text().notNull(),
    nickname: text().notNull().default(''),
    email: text(),
    phone: text(),
    question: text(),
    answerHash: text(),
    picture: text(),
    role: integer().notNull().default(0),
    disabledAt: millis(),
    createdAt: millis().notNull(),
    updatedAt: millis().notNull(),
  },
  (t) => [
    uniqueIndex('users_username_ci').on(lowerUsername(t.username)),
    uniqueIndex('users_email_ci').on(sql`lower(${t.email})`),
    index('users_admins')
      .on(t.id)
      .where(sql`${t.role} = 1`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: serialId(),
    tokenHash: bytea().notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: millis().notNull(),
    lastSeenAt: millis().notNull(),
    expiresAt: millis().notNull(),
    userAgent: text(),
    ip: text(),
  },
  (t) => [index('sessions_user_id').on(t.userId), index('sessions_expires_at').on(t.expiresAt)],
);

export const recoveryTokens = pgTable(
  'recovery_tokens',
  {
    id: serialId(),
    tokenHash: bytea().notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: millis().notNull(),
    expiresAt: millis().notNull(),
  },
  (t) => [
    uniqueIndex('recovery_tokens_token_hash').on(t.tokenHash),
    index('recovery_tokens_user_id').on(t.userId),
    index('recovery_tokens_expires_at').on(t.expiresAt),
  ],
);

export const pictures = pgTable(
  'pictures',
  {
    name: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    bytes: integer().notNull(),
    width: integer().notNull(),
    height: integer().notNull(),
    createdAt: millis().notNull(),
  },
  (t) => [index('pictures_user_id').on(t.userId)],
);

export const throttleHits = pgTable(
  'throttle_hits',
  {
    id: serialId(),
    key: text().notNull(),
    at: millis().notNull(),
    pending: boolean().notNull().default(false),
  },
  (t) => [index('throttle_hits_key_at').on(t.key, t.at), index('throttle_hits_at').on(t.at)],
);

export const throttleBlocks = pgTable(
  'throttle_blocks',
  {
    key: text().primaryKey(),
    until: millis().notNull(),
    strikes: integer().notNull(),
    struckAt: millis().notNull(),
  },
  (t) => [index('throttle_blocks_struck_at').on(t.struckAt)],
);

export const signInAddresses = pgTable(
  'sign_in_addresses',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    address: text().notNull(),
    lastAt: millis().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.address] }),
    index('sign_in_addresses_last_at').on(t.lastAt),
  ],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: serialId(),
    at: millis().notNull(),
    kind: text().notNull(),
    outcome: text().notNull(),
    userId: integer(),
    subject: text(),
    actorId: integer(),
    ip: text(),
    face: text().notNull(),
    userAgent: text(),
    requestId: text(),
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

export const meta = pgTable('meta', {
  key: text().primaryKey(),
  value: text().notNull(),
});

export const totpFactors = pgTable('totp_factors', {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  sealedSecret: bytea().notNull(),
  confirmedAt: millis(),
  lastStep: millis(),
  createdAt: millis().notNull(),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: bytea().notNull(),
    usedAt: millis(),
    createdAt: millis().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

export const passkeys = pgTable(
  'passkeys',
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    publicKey: bytea().notNull(),
    counter: millis().notNull(),
    transports: text(),
    deviceType: text().notNull(),
    backedUp: boolean().notNull(),
    createdAt: millis().notNull(),
    lastUsedAt: millis(),
  },
  (t) => [index('passkeys_user_id').on(t.userId)],
);

export const authChallenges = pgTable(
  'auth_challenges',
  {
    id: serialId(),
    tokenHash: bytea().notNull(),
    purpose: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'cascade' }),
    webauthnChallenge: text(),
    detail: text(),
    attempts: integer().notNull().default(0),
    createdAt: millis().notNull(),
    expiresAt: millis().notNull(),
  },
  (t) => [
    index('auth_challenges_user_id').on(t.userId),
    index('auth_challenges_expires_at').on(t.expiresAt),
  ],
);
