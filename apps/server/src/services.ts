import { join } from 'node:path';
import { createServices } from '@acct/api';
import { createSqliteRepository } from '@acct/db/sqlite';
import type { Config } from './env.ts';
import { loadSecret } from './secret.ts';

export const databaseFile = (dataDir: string) => join(dataDir, 'acct.db');

/** Opens the database under DATA_DIR (applying pending migrations) and builds the services on it. */
export function openServices(config: Config) {
  const repo = createSqliteRepository({ file: databaseFile(config.dataDir) });
  return createServices(repo, {
    publicUrl: config.publicUrl,
    cookieSecure: config.cookieSecure,
    sessionIdleMs: config.sessionIdleMs,
    sessionMaxMs: config.sessionMaxMs,
    argon2: config.argon2,
    credentialCacheSize: config.credentialCacheSize,
    throttle: config.throttle,
    auditRetentionMs: config.auditRetentionMs,
    secret: loadSecret(config.dataDir, config.secretKey),
    picturesDir: join(config.dataDir, 'pictures'),
  });
}
