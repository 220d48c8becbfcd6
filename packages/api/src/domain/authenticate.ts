import type { UserRow } from '@acct/db';
import type { Client } from '../context.ts';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { checkCredential } from './check-credential.ts';

/** What the password is checked for: the audit log tells a sign-in from a step-up check. */
export type PasswordPurpose = 'login' | 'admin_login' | 'reauth';

/**
 * Checks a canonical (md5) password. An unknown user and a wrong password do the same
 * argon2 work, count against the same throttles and get the same error, so neither timing
 * nor reply tells them apart. Only a success may be answered from the credential cache.
 * Failures are audited here; each caller audits the success it grants.
 *
 * A check that hashes is admitted first, before the throttle reserves its attempt: refused for
 * overload (OVERLOADED), it has changed nothing. A remembered credential costs no argon2 and is
 * never refused for it.
 */
export async function authenticate(
  services: Services,
  client: Client,
  {
    username,
    canonical,
    purpose,
  }: { username: string; canonical: string; purpose: PasswordPurpose },
): Promise<UserRow> {
  const { repo, passwords, credentials } = services;
  const found = await repo.users.byUsername(username);
  const cached =
    found !== undefined && credentials.matches(found.id, found.passwordHash, canonical);
  const check = async (): Promise<UserRow> => {
    const user = await checkCredential(
      services,
      client,
      { scope: 'login', account: { name: username, userId: found?.id ?? null }, costly: !cached },
      async () => {
        const verified =
          cached ||
          (found
            ? await passwords.verify(found.passwordHash, canonical)
            : await passwords.burn(canonical));
        if (found && verified) return found;
        return {
          refused: 'WRONG_CREDENTIALS',
          audit: {
            kind: purpose,
            outcome: 'failure',
            userId: found?.id,
            subject: found ? null : username,
          },
        };
      },
    );
    // Checked after the password, on the cached path too, so it reveals nothing to a guesser.
    if (user.disabledAt !== null) {
      await audit(services, client, {
        kind: purpose,
        outcome: 'refused',
        userId: user.id,
        detail: { reason: 'disabled' },
      });
      return fail('ACCOUNT_DISABLED');
    }

    // A cached credential was remembered after this same check, with this process's parameters.
    let passwordHash = user.passwordHash;
    if (!cached && passwords.needsRehash(passwordHash)) {
      passwordHash = await passwords.hash(canonical);
      await repo.users.setPasswordHash(user.id, passwordHash, services.now());
    }
    credentials.remember(user.id, passwordHash, canonical);
    return { ...user, passwordHash };
  };
  return cached ? check() : passwords.admit(check);
}
