import type { FactorStatus } from '@acct/schema';
import type { Services } from '../services.ts';
import { toPasskeyInfo } from './passkey-view.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** What guards the account, as its owner sees it: never a key, a code or a hash. */
export async function factorStatusOf(services: Services, userId: number): Promise<FactorStatus> {
  const { factors } = services.repo;
  const [totp, left, passkeys] = await Promise.all([
    factors.totp(userId),
    factors.recoveryCodesLeft(userId),
    factors.passkeys(userId),
  ]);
  const confirmedAt = totp?.confirmedAt ?? null;
  return {
    totp: {
      enabled: confirmedAt !== null,
      enabledAt: confirmedAt === null ? null : iso(confirmedAt),
      recoveryCodesLeft: confirmedAt === null ? 0 : left,
    },
    passkeys: passkeys.map(toPasskeyInfo),
  };
}
