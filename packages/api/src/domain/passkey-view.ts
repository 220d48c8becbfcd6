import type { PasskeyRow } from '@acct/db';
import type { PasskeyInfo } from '@acct/schema';

/** What the owner sees of a passkey: never its key or counter. */
export function toPasskeyInfo(row: PasskeyRow): PasskeyInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt).toISOString(),
    synced: row.deviceType === 'multiDevice',
  };
}
