import { UniqueViolation, type UserRow } from '@acct/db';
import { ROLE_CUSTOMER, type RegisterInput, type SessionUser } from '@acct/schema';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { setNewPassword } from './set-password.ts';

/**
 * Registration's fields, of which user:add needs only the username and password, plus the role,
 * which only user:add may set.
 */
export type NewAccount = Pick<RegisterInput, 'username' | 'password'> &
  Partial<Omit<RegisterInput, 'username' | 'password'> & Pick<SessionUser, 'role'>>;

/** Unique-index refusals become the named conflict of their field. */
export const conflictKind = (error: unknown): never => {
  if (error instanceof UniqueViolation)
    fail(error.field === 'username' ? 'USERNAME_TAKEN' : 'EMAIL_TAKEN');
  throw error;
};

/**
 * The one way an account comes to be: registration and the CLI's user:add both end here.
 * `spendAllowance` (registration's count per address) is spent once the hashing is admitted, so
 * that a registration refused for overload spends none, and before the look-ups, which tell
 * whether a name is taken.
 */
export async function createAccount(
  services: Services,
  account: NewAccount,
  spendAllowance: () => Promise<void> = async () => {},
): Promise<UserRow> {
  const { users } = services.repo;
  return setNewPassword(services, account, {
    // Checked before the costly hashing; the unique indexes still decide a race.
    guard: async () => {
      await spendAllowance();
      if (await users.usernameExists(account.username)) fail('USERNAME_TAKEN');
      if (account.email && (await users.emailExists(account.email))) fail('EMAIL_TAKEN');
    },
    write: ({ passwordHash, answerHash }) =>
      users
        .insert({
          username: account.username,
          passwordHash,
          email: account.email ?? null,
          phone: account.phone ?? null,
          question: account.question ?? null,
          answerHash,
          role: account.role ?? ROLE_CUSTOMER,
          createdAt: services.now(),
        })
        .catch(conflictKind),
  });
}
