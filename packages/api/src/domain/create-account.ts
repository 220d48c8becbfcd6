import { type NewUser, UniqueViolation } from '@acct/db';
import { ROLE_CUSTOMER, type Role } from '@acct/schema';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { canonicalPassword, normaliseAnswer } from './password.ts';
import { checkNewPassword } from './password-policy.ts';

export interface NewAccount {
  username: string;
  password: string;
  email?: string | null;
  phone?: string | null;
  question?: string | null;
  answer?: string | null;
  role?: Role;
}

/** Unique-index refusals become the named conflict of their field. */
export const conflictKind = (error: unknown): never => {
  if (error instanceof UniqueViolation)
    fail(error.field === 'username' ? 'USERNAME_TAKEN' : 'EMAIL_TAKEN');
  throw error;
};

/** The one way an account comes to be: registration and the CLI's user:add both end here. */
export async function createAccount(services: Services, account: NewAccount) {
  const { repo, passwords } = services;
  checkNewPassword(account.username, account.password);
  // Checked before the costly hashing; the unique indexes still decide a race.
  if (await repo.users.usernameExists(account.username)) fail('USERNAME_TAKEN');
  if (account.email && (await repo.users.emailExists(account.email))) fail('EMAIL_TAKEN');
  const [passwordHash, answerHash] = await Promise.all([
    passwords.hash(canonicalPassword(account.password)),
    account.answer ? passwords.hash(normaliseAnswer(account.answer)) : null,
  ]);
  const user: NewUser = {
    username: account.username,
    passwordHash,
    email: account.email ?? null,
    phone: account.phone ?? null,
    question: account.question ?? null,
    answerHash,
    role: account.role ?? ROLE_CUSTOMER,
    createdAt: services.now(),
  };
  return repo.users.insert(user).catch(conflictKind);
}
