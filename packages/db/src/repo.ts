import type {
  auditEvents,
  authChallenges,
  passkeys,
  pictures,
  recoveryCodes,
  recoveryTokens,
  sessions,
  totpFactors,
  users,
} from './tables.ts';

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
export type TotpFactorRow = typeof totpFactors.$inferSelect;
export type RecoveryCodeRow = typeof recoveryCodes.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
export type AuthChallengeRow = typeof authChallenges.$inferSelect;

export type NewUser = Pick<UserRow, 'username' | 'passwordHash' | 'createdAt'> &
  Partial<Pick<UserRow, 'nickname' | 'email' | 'phone' | 'question' | 'answerHash' | 'role'>>;
export type ProfilePatch = Partial<Pick<UserRow, 'nickname' | 'email' | 'phone'>>;
export type NewSession = Omit<SessionRow, 'id' | 'lastSeenAt'>;
export type NewRecoveryToken = Omit<RecoveryTokenRow, 'id'>;
export type NewPicture = PictureRow;
export type NewAuditEvent = Omit<AuditEventRow, 'id'>;
export type NewPasskey = Omit<PasskeyRow, 'lastUsedAt'>;
export type NewAuthChallenge = Omit<AuthChallengeRow, 'id' | 'attempts' | 'webauthnChallenge'> &
  Partial<Pick<AuthChallengeRow, 'webauthnChallenge'>>;

/** A unique constraint refused the write; `field` says which. */
export class UniqueViolation extends Error {
  constructor(readonly field: 'username' | 'email' | 'passkey') {
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
  /**
   * Erases the account in one transaction: the user row and everything that hangs off it
   * (sessions, tokens, factors, challenges, pictures' rows, sign-in addresses), its audit events
   * and the failed sign-ins under its name, and the throttle counters `throttleKeys` (each with
   * its per-address `key@…` counts); then
   * appends `tombstone`. Returns the picture names whose files are to go, or null (nothing
   * changed) when the account is unknown or is the last active administrator.
   */
  deleteAccount(
    id: number,
    tombstone: NewAuditEvent,
    throttleKeys: readonly string[],
  ): Promise<{ pictures: string[] } | null>;
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

/** What guards an account beyond its password. */
export interface FactorSummary {
  /** A confirmed TOTP key. */
  totp: boolean;
  passkeys: number;
}

/**
 * Second factors: the TOTP key with its recovery codes, and passkeys. Every method that decides
 * whether a code or a counter may be used is one atomic conditional write, so two requests
 * racing with the same code cannot both be accepted.
 */
export interface FactorsRepo {
  /** One query: the sign-in path asks it after every correct password. */
  summary(userId: number): Promise<FactorSummary>;
  totp(userId: number): Promise<TotpFactorRow | undefined>;
  /** A new unconfirmed key, replacing an unconfirmed one; false (nothing changed) if one is confirmed. */
  beginTotp(userId: number, sealedSecret: Buffer, now: number): Promise<boolean>;
  /**
   * Confirms the pending key with the step its first code matched, and stores the recovery
   * codes in place of any older ones. False if no key is pending.
   */
  confirmTotp(
    userId: number,
    step: number,
    codeHashes: readonly Buffer[],
    now: number,
  ): Promise<boolean>;
  /** Accepts `step` only if it is later than the last accepted one (no replay), recording it. */
  acceptTotpStep(userId: number, step: number): Promise<boolean>;
  /** Removes the key and its recovery codes; false if there was none. */
  removeTotp(userId: number): Promise<boolean>;
  replaceRecoveryCodes(userId: number, codeHashes: readonly Buffer[], now: number): Promise<void>;
  /** Spends an unused code: false if it is unknown, another user's, or spent. */
  spendRecoveryCode(userId: number, codeHash: Buffer, now: number): Promise<boolean>;
  recoveryCodesLeft(userId: number): Promise<number>;
  /** Oldest first. */
  passkeys(userId: number): Promise<PasskeyRow[]>;
  passkey(id: string): Promise<PasskeyRow | undefined>;
  /** @throws UniqueViolation('passkey') when the credential is registered already. */
  addPasskey(passkey: NewPasskey): Promise<void>;
  renamePasskey(userId: number, id: string, name: string): Promise<boolean>;
  removePasskey(userId: number, id: string): Promise<boolean>;
  /**
   * Records a sign-in with the passkey. With a counter (not 0) it must exceed the stored one,
   * checked in the write itself, so a cloned authenticator racing the real one is refused.
   */
  usePasskey(id: string, counter: number, now: number): Promise<boolean>;
  /** An administrator's reset: every factor and code goes. Returns what there was. */
  removeAll(userId: number): Promise<FactorSummary>;
}

/** Sign-in steps and passkey ceremonies in progress (see tables.ts `authChallenges`). */
export interface ChallengesRepo {
  insert(challenge: NewAuthChallenge): Promise<AuthChallengeRow>;
  /** The challenge `id` if it is live and its secret's hash is `tokenHash`. */
  find(id: number, tokenHash: Buffer, now: number): Promise<AuthChallengeRow | undefined>;
  /** Stores the WebAuthn challenge of a passkey ceremony begun on this step. */
  setWebauthnChallenge(id: number, webauthnChallenge: string): Promise<void>;
  /** Counts a wrong answer against it; returns the new count. */
  countAttempt(id: number): Promise<number>;
  /** Spends it: true for exactly one caller, however many race (single use). */
  consume(id: number): Promise<boolean>;
  deleteExpired(now: number): Promise<number>;
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
  factors: FactorsRepo;
  challenges: ChallengesRepo;
  /** Null where there is no pool (SQLite's one connection). */
  poolStats(): PoolStats | null;
  /** Whether the database answers and holds every committed migration (for /readyz). */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export { isAccountGone } from './account-gone.ts';
export { isDatabaseUnavailable } from './unavailable.ts';
