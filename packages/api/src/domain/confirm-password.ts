import type { UserRow } from '@acct/db';
import type { Client } from '../context.ts';
import { AppError, fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { authenticate } from './authenticate.ts';
import { canonicalPassword } from './password.ts';

/**
 * Step-up check for sensitive actions (password change, ending other sessions, admin changes):
 * the signed-in user types their password again. Same throttles as login.
 */
export async function confirmPassword(
  services: Services,
  client: Client,
  user: UserRow,
  password: string,
): Promise<void> {
  const credentials = {
    username: user.username,
    canonical: canonicalPassword(password),
    purpose: 'reauth' as const,
  };
  await authenticate(services, client, credentials).catch((error: unknown) => {
    if (error instanceof AppError && error.kind === 'WRONG_CREDENTIALS') fail('WRONG_OLD_PASSWORD');
    throw error;
  });
}
