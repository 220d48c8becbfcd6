import type { UserRow } from '@acct/db';
import { AppError, fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { authenticate } from './authenticate.ts';
import { canonicalPassword } from './password.ts';

/**
 * Step-up check for sensitive actions (password change, ending other sessions, admin changes):
 * the signed-in user types their password again. Same throttle as login.
 */
export async function confirmPassword(services: Services, user: UserRow, password: string): Promise<void> {
  await authenticate(services, user.username, canonicalPassword(password)).catch((error: unknown) => {
    if (error instanceof AppError && error.kind === 'WRONG_CREDENTIALS') fail('WRONG_OLD_PASSWORD');
    throw error;
  });
}
