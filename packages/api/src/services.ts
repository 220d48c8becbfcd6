import type { Repository } from '@acct/db';
import { createAttemptLimiter } from './domain/attempt-limiter.ts';
import { createCredentialCache } from './domain/credential-cache.ts';
import { type Argon2Params, createPasswordHasher } from './domain/password.ts';
import { createPictureStore } from './domain/picture.ts';
import { deriveKeys } from './domain/secrets.ts';

export interface ApiConfig {
  /** Base of absolute picture URLs, e.g. https://accounts.example.com */
  publicUrl: string;
  /** Send cookies with `Secure` and the `__Host-` prefix (behind https). */
  cookieSecure: boolean;
  /** A session unused for this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after login, however active. */
  sessionMaxMs: number;
  argon2: Argon2Params;
  /** Entries of the verified-credential cache; 0 switches it off. */
  credentialCacheSize: number;
  /** The server secret (pepper and HMAC keys derive from it); never stored in the database. */
  secret: Buffer;
  picturesDir: string;
  /** Failed logins (and recovery answers) allowed per account per window. */
  attempts?: { max: number; windowMs: number };
}

/** ASVS 2.2.1 allows at most 100 failures per account per hour; this stays well below. */
export const DEFAULT_ATTEMPTS = { max: 20, windowMs: 15 * 60_000 };

/** Everything a procedure may use, built once per process from config. */
export function createServices(repo: Repository, config: ApiConfig, now: () => number = Date.now) {
  const keys = deriveKeys(config.secret);
  return {
    repo,
    config,
    now,
    passwords: createPasswordHasher(config.argon2, keys.pepper),
    credentials: createCredentialCache(keys.credentialCache, config.credentialCacheSize),
    pictures: createPictureStore(config.picturesDir, config.publicUrl),
    loginAttempts: createAttemptLimiter({ ...(config.attempts ?? DEFAULT_ATTEMPTS), now }),
    answerAttempts: createAttemptLimiter({ ...(config.attempts ?? DEFAULT_ATTEMPTS), now }),
  };
}

export type Services = ReturnType<typeof createServices>;
