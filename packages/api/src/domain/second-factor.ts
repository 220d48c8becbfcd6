import type { UserRow } from '@acct/db';
import type { SecondFactorMethod } from '@acct/schema';
import type { Client } from '../context.ts';
import type { Services } from '../services.ts';
import { checkCredential } from './check-credential.ts';
import { hashRecoveryCode } from './recovery-codes.ts';
import { unseal } from './seal.ts';
import { isTotpCode, matchTotp } from './totp.ts';

/** The account's TOTP key in the clear, or null if it has no confirmed one. */
export async function totpKeyOf(services: Services, userId: number, { confirmed = true } = {}) {
  const row = await services.repo.factors.totp(userId);
  if (!row || (confirmed && row.confirmedAt === null)) return null;
  return { row, key: unseal(services.keys.factorSeal, row.sealedSecret, `totp:${userId}`) };
}

type CodeMethod = Exclude<SecondFactorMethod, 'passkey'>;

/** Which kind of code `code` proved, or why not: a TOTP code is matched to its step, a recovery code spent. */
async function proves(
  services: Services,
  user: UserRow,
  code: string,
): Promise<{ method: CodeMethod } | { refused: 'wrong' | 'replayed' }> {
  const now = services.now();
  if (isTotpCode(code)) {
    const totp = await totpKeyOf(services, user.id);
    const step = totp ? matchTotp(totp.key, code, now) : null;
    if (step === null) return { refused: 'wrong' };
    // Recording the step is what refuses a replay: the same code (or an older one) again,
    // even from two requests at once, is accepted once (ASVS 2.8.4, 2.8.5: logged as such).
    return (await services.repo.factors.acceptTotpStep(user.id, step))
      ? { method: 'totp' }
      : { refused: 'replayed' };
  }
  const spent = await services.repo.factors.spendRecoveryCode(
    user.id,
    hashRecoveryCode(services.keys.recoveryCodes, user.id, code),
    now,
  );
  return spent ? { method: 'recovery_code' } : { refused: 'wrong' };
}

/**
 * Checks a second-factor code for `user`, throttled like a password (its own per-account and
 * per-address counts, reserved before the check, so a parallel burst gets at most the bound
 * evaluated). A password success does not reset this count: knowing the password buys no
 * extra code guesses. Returns which kind of code it was; throws WRONG_CODE.
 */
export async function verifySecondFactorCode(
  services: Services,
  client: Client,
  user: UserRow,
  code: string,
): Promise<CodeMethod> {
  let method: CodeMethod | null = null;
  await checkCredential(
    services,
    client,
    { scope: 'code', account: { name: user.username, userId: user.id }, costly: true },
    async () => {
      const proof = await proves(services, user, code);
      if ('method' in proof) {
        method = proof.method;
        return user;
      }
      return {
        refused: 'WRONG_CODE',
        audit: {
          kind: 'second_factor',
          outcome: 'failure',
          userId: user.id,
          detail: { reason: proof.refused },
        },
      };
    },
  );
  return method!;
}
