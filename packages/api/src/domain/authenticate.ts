import type { UserRow } from '@acct/db';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';

/**
 * Checks a canonical (md5) password. An unknown user and a wrong password do the same
 * argon2 work, count against the same throttle and get the same error, so neither timing
 * nor reply tells them apart. Only a success may be answered from the credential cache.
 */
export async function authenticate(services: Services, username: string, canonical: string): Promise<UserRow> {
  const { repo, passwords, credentials, loginAttempts } = services;
  const key = username.toLowerCase();
  if (loginAttempts.blocked(key)) return fail('RATE_LIMITED');
  const user = await repo.users.byUsername(username);
  if (!user) {
    await passwords.burn(canonical);
    loginAttempts.fail(key);
    return fail('WRONG_CREDENTIALS');
  }
  const cached = credentials.matches(user.id, user.passwordHash, canonical);
  const verified = cached || (await passwords.verify(user.passwordHash, canonical));
  if (!verified) {
    loginAttempts.fail(key);
    return fail('WRONG_CREDENTIALS');
  }
  loginAttempts.reset(key);
  // Checked after the password, on the cached path too, so it reveals nothing to a guesser.
  if (user.disabledAt !== null) return fail('ACCOUNT_DISABLED');

  // A cached credential was remembered after this same check, with this process's parameters.
  let passwordHash = user.passwordHash;
  if (!cached && passwords.needsRehash(passwordHash)) {
    passwordHash = await passwords.hash(canonical);
    await repo.users.setPasswordHash(user.id, passwordHash, services.now());
  }
  credentials.remember(user.id, passwordHash, canonical);
  return { ...user, passwordHash };
}
