import type { pictures, recoveryTokens, sessions, users } from './tables.ts';

/**
 * The narrow data-access interface. Nothing outside this package touches tables or SQL.
 * Every method is async so that a PostgreSQL implementation can stand in unchanged;
 * every multi-row change is one method, so each backend can make it one transaction.
 */

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type RecoveryTokenRow = typeof recoveryTokens.$inferSelect;
export type PictureRow = typeof pictures.$inferSelect;

export type NewUser = Pick<UserRow, 'username' | 'passwordHash' | 'createdAt'> &
  Partial<Pick<UserRow, 'nickname' | 'email' | 'phone' | 'question' | 'answerHash' | 'role'>>;
export type ProfilePatch = Partial<Pick<UserRow, 'nickname' | 'email' | 'phone'>>;
export type NewSession = Omit<SessionRow, 'id' | 'lastSeenAt'>;
export type NewRecoveryToken = Omit<RecoveryTokenRow, 'id'>;
export type NewPicture = PictureRow;

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
  setRole(id: number, role: number, now: number): Promise<void>;
  /** Disabling also ends every session of the account, in the same transaction. */
  setDisabled(id: number, disabledAt: number | null, now: number): Promise<void>;
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
  changePassword(id: number, passwordHash: string, now: number, keepSessionId: number | null): Promise<void>;
}

export interface SessionsRepo {
  insert(session: NewSession): Promise<SessionRow>;
  /** Session `id` with its user, if it is live and its secret's hash is `tokenHash`: one primary-key look-up. */
  findLive(id: number, tokenHash: Buffer, now: number): Promise<{ session: SessionRow; user: UserRow } | undefined>;
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
  resetPassword(tokenHash: Buffer, userId: number, passwordHash: string, now: number): Promise<boolean>;
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

/** Facts about the database itself (for example the fingerprint of the secret it was created with). */
export interface MetaRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export interface Repository {
  users: UsersRepo;
  sessions: SessionsRepo;
  recovery: RecoveryRepo;
  pictures: PicturesRepo;
  meta: MetaRepo;
  close(): Promise<void>;
}
