import { type Observer, createDirectoryStorage, createServices } from '@acct/api';
import { checkPicturesWritable } from './data-dir.ts';
import { describeDatabase, openDatabase } from './database.ts';
import type { Config } from './env.ts';
import { checkSecret } from './secret-check.ts';

export { databaseFile } from './data-dir.ts';

/**
 * Opens the database (SQLite under DATA_DIR, or PostgreSQL), applying pending migrations, and
 * builds the services on it with the secret that belongs to it; refuses, with a message that says
 * what to do, a data directory or a secret that is not fit to start. `notice` hears what an operator should know;
 * `observer` what the metrics count.
 */
export async function openServices(
  config: Config,
  notice: (message: string) => void = () => {},
  observer?: Observer,
) {
  const repo = await openDatabase(config);
  try {
    checkPicturesWritable(config.picturesDir);
    const secret = await checkSecret(
      repo,
      { dataDir: config.dataDir, database: describeDatabase(config) },
      config.secretKey,
      notice,
    );
    return createServices(
      repo,
      {
        publicUrl: config.publicUrl,
        cookieSecure: config.cookieSecure,
        sessionIdleMs: config.sessionIdleMs,
        sessionMaxMs: config.sessionMaxMs,
        argon2: config.argon2,
        credentialCacheSize: config.credentialCacheSize,
        passwordQueueBudgetMs: config.passwordQueueBudgetMs,
        throttle: config.throttle,
        auditRetentionMs: config.auditRetentionMs,
        secret,
        pictureStorage: createDirectoryStorage(config.picturesDir),
      },
      { observer },
    );
  } catch (error) {
    await repo.close();
    throw error;
  }
}
