import type { PasskeyRow } from '@acct/db';
import type { FactorStatus, PasskeyInfo } from '@acct/schema';
import type { Services } from '../services.ts';

const iso = (ms: number) => new Date(ms).toISOString();

// Field by field: the public key, counter and transports stay on the server.
const toPasskeyInfo = (row: PasskeyRow): PasskeyInfo => ({
  id: row.id,
  name: row.name,
  createdAt: iso(row.createdAt),
  lastUsedAt: row.lastUsedAt === null ? null : iso(row.lastUsedAt),
  synced: row.deviceType === 'multiDevice',
});

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
