import { secondFactorCode } from '@acct/schema';
import { z } from 'zod';

/**
 * The REST logins' optional second-factor code: the documents have no second step, so it comes
 * with the password. Absent or empty (a form's blank field) means "not given", so a client that
 * knows nothing of it gets the answers it always got.
 */
export const secondFactorField = z
  .union([z.literal(''), secondFactorCode])
  .optional()
  .transform((code) => (code === '' ? undefined : code))
  .describe(
    'Only for an account with a second factor: the 6-digit code of its authenticator app, or one of ' +
      'its recovery codes (each works once). Without it such an account is refused with ' +
      'SECOND_FACTOR_REQUIRED; an account with passkeys only cannot log in here.',
  );
