import { hkdfSync } from 'node:crypto';

/**
 * Keys derived from the one server secret (kept apart from the database, so a stolen
 * database alone cannot be used to test password guesses).
 */
export function deriveKeys(secret: Buffer) {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
  return {
    /** argon2's `secret` input: the pepper. */
    pepper: derive('acct/argon2-pepper'),
    /** HMAC key of the verified-credential cache. */
    credentialCache: derive('acct/credential-cache'),
    /** AES key that seals TOTP keys at rest. */
    factorSeal: derive('acct/factor-seal'),
    /** HMAC key of stored recovery codes. */
    recoveryCodes: derive('acct/recovery-codes'),
  };
}
