import { Secret, TOTP } from 'otpauth';

// RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps.
const PERIOD_SECONDS = 30;
const SECRET_BYTES = 20;
/** Steps accepted either side of now: a phone clock a little off still works. */
const WINDOW = 1;

const totpOf = (secret: Buffer, label = 'account', issuer = 'Accounts') =>
  new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: new Secret({ buffer: new Uint8Array(secret).buffer }),
  });

export function newTotpKey(): Buffer {
  return Buffer.from(new Secret({ size: SECRET_BYTES }).bytes);
}

/** The key as an authenticator app takes it: base32 to type, an otpauth:// URI for the QR code. */
export function describeTotpKey(key: Buffer, username: string, issuer: string) {
  const totp = totpOf(key, username, issuer);
  return { secret: totp.secret.base32, uri: totp.toString() };
}

/** The time step `code` belongs to (within the window around `now`), or null if it matches none. */
export function matchTotp(key: Buffer, code: string, now: number): number | null {
  const delta = totpOf(key).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** The code of the step at `at`: for tests and the CLI, never sent to a client. */
export function totpCodeAt(key: Buffer, at: number): string {
  return totpOf(key).generate({ timestamp: at });
}

export const isTotpCode = (code: string) => /^\d{6}$/.test(code);
