import { createServices } from '@acct/api';
import { openRepository, picturesDir } from './data-dir.ts';
import type { Config } from './env.ts';
import { loadSecret } from './secret.ts';

export { databaseFile } from './data-dir.ts';

/**
 * Opens the database under DATA_DIR (applying pending migrations) and builds the services on
 * it; refuses, with a message that says what to do, a data directory that is not fit to start.
 */
export function openServices(config: Config) {
  const repo = openRepository(config.dataDir, { startEmpty: config.startEmpty });
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
    picturesDir: picturesDir(config.dataDir),
  });
}
