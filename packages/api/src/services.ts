import type { Repository } from '@acct/db';
import { createCredentialCache } from './domain/credential-cache.ts';
import { type Observer, unobserved } from './domain/observer.ts';
import { type Argon2Params, createPasswordHasher } from './domain/password.ts';
import { createPictureStore } from './domain/picture.ts';
import { deriveKeys } from './domain/secrets.ts';
import type { PictureStorage } from './storage/picture-storage.ts';
import { DEFAULT_THROTTLE, type ThrottleConfig } from './domain/throttle.ts';

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
  /** Where picture bytes live: createDirectoryStorage(dir) unless a deployment brings another. */
  pictureStorage: PictureStorage;
  /** Bounds on guessing and on anonymous look-ups, per account and per client address. */
  throttle?: ThrottleConfig;
  /** Audit events older than this are deleted by the sweep. */
  auditRetentionMs?: number;
  /** Password work that would wait longer than this is refused (OVERLOADED); 1 s by default. */
  passwordQueueBudgetMs?: number;
}

const DEFAULT_AUDIT_RETENTION_MS = 365 * 24 * 3_600_000;

export interface ServiceOptions {
  /** The clock (tests move it). */
  now?: () => number;
  /** Hears what operators count (throttle refusals); nobody by default. */
  observer?: Observer;
}

/** Everything a procedure may use, built once per process from config. */
export function createServices(
  repo: Repository,
  config: ApiConfig,
  { now = Date.now, observer = unobserved }: ServiceOptions = {},
) {
  const keys = deriveKeys(config.secret);
  return {
    repo,
    config: {
      ...config,
      throttle: config.throttle ?? DEFAULT_THROTTLE,
      auditRetentionMs: config.auditRetentionMs ?? DEFAULT_AUDIT_RETENTION_MS,
    },
    now,
    observer,
    passwords: createPasswordHasher(config.argon2, keys.pepper, {
      queueBudgetMs: config.passwordQueueBudgetMs,
    }),
    credentials: createCredentialCache(keys.credentialCache, config.credentialCacheSize),
    pictures: createPictureStore(config.pictureStorage, config.publicUrl),
    keys: { factorSeal: keys.factorSeal, recoveryCodes: keys.recoveryCodes },
  };
}

export type Services = ReturnType<typeof createServices>;
