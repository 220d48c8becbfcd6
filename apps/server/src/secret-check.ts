import type { Repository } from '@acct/db';
import { secretFile } from './data-dir.ts';
import { ConfigError } from './env.ts';
import { fingerprintMatches, fingerprintSecret } from './secret-fingerprint.ts';
import { createSecret, readSecret } from './secret.ts';

/** The meta key under which the database keeps the fingerprint of the secret it was created with. */
const FINGERPRINT_KEY = 'secret_fingerprint';

/**
 * The secret this database goes with, or a refusal. Every password hash is peppered with a key
 * derived from the secret, so a different secret makes every password fail: a start with the
 * wrong one (a lost secret.key regenerated, a replaced or altered one, another SECRET_KEY) must
 * not happen. A new database records its secret's fingerprint; every later start compares it.
 * A secret is generated only for a database that holds neither a fingerprint nor an account.
 */
export async function checkSecret(
  repo: Repository,
  /** DATA_DIR (where secret.key lives unless SECRET_KEY is set), and the database for messages. */
  { dataDir, database }: { dataDir: string; database: string },
  fromEnv: string | null,
  notice: (message: string) => void,
): Promise<Buffer> {
  const found = readSecret(dataDir, fromEnv);
  const stored = await repo.meta.get(FINGERPRINT_KEY);
  if (stored !== undefined) {
    if (!found)
      throw missing(dataDir, database, 'holds the fingerprint of the secret it was created with');
    if (!(await fingerprintMatches(stored, found.secret)))
      throw mismatch(dataDir, database, found.source);
    return found.secret;
  }
  const holdsAccounts = (await repo.users.list({ prefix: '', after: null, limit: 1 })).length > 0;
  if (holdsAccounts && !found)
    throw missing(dataDir, database, 'holds accounts whose passwords were hashed with a secret');
  const secret = found?.secret ?? createSecret(dataDir);
  await repo.meta.set(FINGERPRINT_KEY, await fingerprintSecret(secret));
  if (holdsAccounts) {
    notice(
      `${database} had no secret fingerprint (it predates the check): recorded the fingerprint of ` +
        `${found?.source}. Whether that is the secret the accounts were created with cannot be checked after ` +
        'the fact; from now on, every start checks it.',
    );
  }
  return secret;
}

const restore = (dataDir: string) =>
  `Restore the secret.key that belongs to this database (backed up apart from it, docs/operations.md) ` +
  `into ${dataDir}, or set SECRET_KEY to the secret the database was created with.`;

function missing(dataDir: string, database: string, why: string) {
  return new ConfigError(
    `Refusing to start: ${secretFile(dataDir)} is missing (and SECRET_KEY is not set), but the database ` +
      `${database} ${why}. A new secret would make every password fail, so none is generated. ` +
      restore(dataDir),
  );
}

function mismatch(dataDir: string, database: string, source: string) {
  const which = source === 'SECRET_KEY' ? 'SECRET_KEY is not' : `${source} does not hold`;
  return new ConfigError(
    `Refusing to start: ${which} the secret the database ${database} was created with ` +
      `(its fingerprint differs), so every password would fail. ${restore(dataDir)}` +
      (source === 'SECRET_KEY'
        ? ` (With SECRET_KEY set, ${secretFile(dataDir)} is not read.)`
        : ''),
  );
}
