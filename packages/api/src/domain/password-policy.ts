import { newPasswordProblem } from '@acct/schema';
import { fail } from '../errors.ts';

/** Applies the shared new-password rule; a refusal is WEAK_PASSWORD on every face. */
export function checkNewPassword(username: string, password: string): void {
  if (newPasswordProblem(password, username) !== null) fail('WEAK_PASSWORD');
}
