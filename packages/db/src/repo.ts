import type { auditEvents, pictures, recoveryTokens, sessions, users } from './tables.ts';

/**
 * The narrow data-access interface. Nothing outside this package touches tables or SQL.
 * Every method is async so that a PostgreSQL implementation can stand in unchanged;
 * every multi-row change is one method, so each backend can make it one transaction.
 */

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type RecoveryTokenRow = typeof recoveryTokens.$inferSelect;
export type PictureRow = typeof pictures.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;

export type NewUser = Pick<UserRow, 'username' | 'passwordHash' | 'createdAt'> &
  Partial<Pick<UserRow, 'nickname' | 'email' | 'phone' | 'question' | 'answerHash' | 'role'>>;
export type ProfilePatch = Partial<Pick<UserRow, 'nickname' | 'email' | 'phone'>>;
export type NewSession = Omit<SessionRow, 'id' | 'lastSeenAt'>;
export type NewRecoveryToken = Omit<RecoveryTokenRow, 'id'>;
export type NewPicture = PictureRow;
export type NewAuditEvent = Omit<AuditEventRow, 'id'>;

/** A unique constraint refused the write; `field` says which. */
export class UniqueViolation extends Error {
  constructor(readonly field: 'username' | 'email') {
    super(`${field} already exists`);
    this.name = 'UniqueViolation';
  }
}

export interface UsersRepo {
  /** @throws UniqueViolation */
  insert(user: NewUser): Promise<UserRow>;
  byId(id: number): Promise<UserRow | undefined>;
  /** Case-insensitive. */
  byUsername(username: string): Promise<UserRow | undefined>;
  /** Case-insensitive. */
  usernameExists(username: string): Promise<boolean>;
  /** Case-insensitive. */
  emailExists(email: string): Promise<boolean>;
  /** @throws UniqueViolation */
  updateProfile(id: number, patch: ProfilePatch, now: number): Promise<UserRow | undefined>;
  /**
   * Refused (false, nothing changed) when it would take away the last active administrator: the
   * check and the write are one atomic step, on one instance or many.
   */
  setRole(id: number, role: number, now: number): Promise<boolean>;
  /**
   * Disabling also ends every session of the account, in the same transaction. Refused (false,
   * nothing changed) when it would disable the last active administrator.
   */
  setDisabled(id: number, disabledAt: number | null, now: number): Promise<boolean>;
  /** Administrators that are not disabled. */
  countActiveAdmins(): Promise<number>;
  /**
   * One page of accounts ordered by lowercased username, optionally only those starting with
   * `prefix` (literally: no pattern characters), after the `after` key: a keyset page, never an
   * OFFSET scan, so page 10,000 costs what page 1 does.
   */
  list(query: { prefix: string; after: string | null; limit: number }): Promise<UserRow[]>;
  /** Re-hash on login (parameters changed); touches nothing else. */
  setPasswordHash(id: number, passwordHash: string, now: number): Promise<void>;
  /** New password, and every session of the user but `keepSessionId` ends. */
  changePassword(
    id: number,
    passwordHash: string,
    now: number,
    keepSessionId: number | null,
  ): Promise<void>;
}

export interface SessionsRepo {
  insert(session: NewSession): Promise<SessionRow>;
  /** Session `id` with its user, if it is live and its secret's hash is `tokenHash`: one primary-key look-up. */
  findLive(
    id: number,
    tokenHash: Buffer,
    now: number,
  ): Promise<{ session: SessionRow; user: UserRow } | undefined>;
  touch(id: number, now: number): Promise<void>;
  delete(id: number): Promise<void>;
  listForUser(userId: number, now: number): Promise<SessionRow[]>;
  deleteForUser(userId: number, exceptId: number | null): Promise<number>;
  deleteExpired(now: number): Promise<number>;
}

export interface RecoveryRepo {
  /** Stores the new token and drops every older one of the user (a newer token supersedes). */
  issue(token: NewRecoveryToken): Promise<void>;
  /**
   * Spends the token of `userId` (single use) and, in the same transaction, sets the new
   * password hash and ends every session. False, with nothing changed, if the token is
   * unknown, expired, spent or another user's.
   */
  resetPassword(
    tokenHash: Buffer,
    userId: number,
    passwordHash: string,
    now: number,
  ): Promise<boolean>;
  deleteExpired(now: number): Promise<number>;
}

export interface PicturesRepo {
  /**
   * Makes `picture` the user's current one and drops the user's other rows; returns their names.
   * Their files may still be needed by an upload in flight: see the api's sweep-pictures.ts.
   */
  replace(picture: NewPicture): Promise<string[]>;
  /** Those of `names` (a bounded batch) that are some user's current picture: primary-key look-ups. */
  referenced(names: readonly string[]): Promise<string[]>;
}

/** How many attempts a throttle key may make, and how long a refusal may grow. */
export interface ThrottleRule {
  /** Attempts allowed within `windowMs` (failures, and attempts still in flight). */
  max: number;
  windowMs: number;
  /** The back-off doubles a refusal with each strike within a day, up to this. */
  maxBlockMs: number;
}

export interface ThrottleClaim {
  key: string;
  rule: ThrottleRule;
}

export type ThrottleVerdict =
  | { granted: true; hitIds: number[] }
  | { granted: false; key: string; retryAt: number; newlyBlocked: boolean; busy: boolean };

/**
 * Throttle counters that hold under concurrency: each method is atomic, so a burst of parallel
 * attempts cannot all read "below the bound" before any of them is counted.
 */
export interface ThrottleRepo {
  /**
   * For all claims at once: refused if a key is blocked, or has `max` hits within its window;
   * otherwise one hit is recorded on every key. All or nothing. A `pending` hit stands for an
   * attempt still being checked: it counts against the bound, but a window full only of settled
   * hits blocks the key (for its window, doubled per strike of the last day, capped); one full
   * because attempts are still pending refuses for a moment (`busy`) and blocks nothing.
   */
  take(
    claims: ThrottleClaim[],
    now: number,
    options: { pending: boolean },
  ): Promise<ThrottleVerdict>;
  /** The retry time if `take` would refuse now (blocked, or full), else null; records and blocks nothing. */
  refusedUntil(claims: ThrottleClaim[], now: number): Promise<number | null>;
  /** Pending hits become settled ones (the attempts they counted failed). */
  settle(hitIds: number[]): Promise<void>;
  /** Removes hits again (the attempts they counted succeeded). */
  release(hitIds: number[]): Promise<void>;
  /** Forgets a key's hits and block (a success on that key). */
  clear(key: string): Promise<void>;
  /** Drops hits older than `hitsBefore` and blocks that ended with no strike since `strikesBefore`. */
  deleteExpired(hitsBefore: number, strikesBefore: number, now: number): Promise<number>;
}

/** Where an account has signed in from lately (see tables.ts `signInAddresses`). */
export interface SignInAddressesRepo {
  known(userId: number, address: string, since: number): Promise<boolean>;
  remember(userId: number, address: string, now: number): Promise<void>;
  deleteOlderThan(at: number): Promise<number>;
}

export interface AuditQuery {
  userId?: number;
  /** Events about no account, made with this (lowercased) name. */
  subject?: string;
  kinds?: readonly string[];
  outcome?: string;
  /** Inclusive lower and exclusive upper bound on `at`. */
  from?: number;
  to?: number;
  /** Keyset bounds on `id`: events strictly before or after. */
  beforeId?: number;
  afterId?: number;
  limit: number;
}

/** The audit log: append-only through the repository; only retention removes events. */
export interface AuditRepo {
  append(event: NewAuditEvent): Promise<void>;
  /** Newest first. */
  list(query: AuditQuery): Promise<AuditEventRow[]>;
  deleteOlderThan(at: number): Promise<number>;
}

/** Facts about the database itself (for example the fingerprint of the secret it was created with). */
export interface MetaRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** Connection-pool figures, for metrics. */
export interface PoolStats {
  /** Connections open, idle among them, and queries waiting for one. */
  total: number;
  idle: number;
  waiting: number;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Which backend a Repository runs on. */
export type Backend = 'sqlite' | 'postgres';

export interface Repository {
  backend: Backend;
  users: UsersRepo;
  sessions: SessionsRepo;
  recovery: RecoveryRepo;
  pictures: PicturesRepo;
  meta: MetaRepo;
  throttle: ThrottleRepo;
  signInAddresses: SignInAddressesRepo;
  audit: AuditRepo;
  /** Null where there is no pool (SQLite's one connection). */
  poolStats(): PoolStats | null;
  /** Whether the database answers and holds every committed migration (for /readyz). */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export { isDatabaseUnavailable } from './unavailable.ts';
