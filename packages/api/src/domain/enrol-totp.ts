import type { UserRow } from '@acct/db';
import type { Services } from '../services.ts';
import { fail } from '../errors.ts';
import { newRecoveryCodes } from './recovery-codes.ts';
import { seal } from './seal.ts';
import { totpKeyOf } from './second-factor.ts';
import { describeTotpKey, matchTotp, newTotpKey } from './totp.ts';

/** The issuer an authenticator app shows beside the account: the host users know us by. */
const issuerOf = (services: Services) => new URL(services.config.publicUrl).hostname;

/** Starts an enrolment: a fresh key, not yet guarding anything, replacing an unconfirmed one. */
export async function beginTotp(services: Services, user: UserRow) {
  const key = newTotpKey();
  const sealed = seal(services.keys.factorSeal, key, `totp:${user.id}`);
  if (!(await services.repo.factors.beginTotp(user.id, sealed, services.now())))
    fail('TOTP_ALREADY_ENABLED');
  return describeTotpKey(key, user.username, issuerOf(services));
}

/**
 * Confirms the enrolment with a first code (proof that the app holds the key), and hands out
 * the recovery codes: shown this once, stored only as keyed hashes.
 */
export async function confirmTotp(services: Services, user: UserRow, code: string) {
  const pending = await totpKeyOf(services, user.id, { confirmed: false });
  if (!pending) return fail('TOTP_NOT_ENABLED');
  if (pending.row.confirmedAt !== null) return fail('TOTP_ALREADY_ENABLED');
  const now = services.now();
  const step = matchTotp(pending.key, code, now);
  if (step === null) return fail('WRONG_CODE');
  const { codes, hashes } = newRecoveryCodes(services.keys.recoveryCodes, user.id);
  if (!(await services.repo.factors.confirmTotp(user.id, step, hashes, now)))
    fail('TOTP_ALREADY_ENABLED');
  return codes;
}
