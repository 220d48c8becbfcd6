import { PASSWORD_MIN, newPasswordProblem } from '@acct/schema';
import { dictionary } from '@zxcvbn-ts/language-common';
import { fail } from '../errors.ts';

// ASVS 2.1.7: refuse passwords from a list of common (breached) ones — zxcvbn-ts's list of about
// 49,000, of which the ~18,000 long enough to pass the length rule are kept, once, in a Set.
const common = new Set(
  dictionary['passwords-common'].filter((password) => password.length >= PASSWORD_MIN),
);

/**
 * The rule for a new plaintext password, wherever one arrives (register, change, recovery, CLI):
 * the shared length/username rule (WEAK_PASSWORD), then not a common password (COMMON_PASSWORD).
 */
export function checkNewPassword(username: string, password: string): void {
  if (newPasswordProblem(password, username) !== null) fail('WEAK_PASSWORD');
  if (common.has(password.toLowerCase())) fail('COMMON_PASSWORD');
}
