import { hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintMatches, fingerprintSecret } from './secret-fingerprint.ts';

describe('the secret fingerprint', () => {
  const secret = randomBytes(32);

  // @see issue 11 item 4
  it('matches its own secret only: not a new one, not one with one hex digit changed', async () => {
    const stored = await fingerprintSecret(secret);
    expect(await fingerprintMatches(stored, secret)).toBe(true);
    expect(await fingerprintMatches(stored, randomBytes(32))).toBe(false);
    const hex = secret.toString('hex');
    const altered = Buffer.from(
      `${hex.slice(0, 10)}${hex[10] === '0' ? '1' : '0'}${hex.slice(11)}`,
      'hex',
    );
    expect(await fingerprintMatches(stored, altered)).toBe(false);
  });

  // @see issue 11 item 4
  it('reveals neither the secret nor a key derived from it, and is salted per database', async () => {
    const first = await fingerprintSecret(secret);
    const second = await fingerprintSecret(secret);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^\$scrypt\$ln=14,r=8,p=5\$[\w-]{22}\$[\w-]{43}$/);
    // The keys packages/api/src/domain/secrets.ts derives for passwords and the credential cache.
    const derived = (purpose: string) =>
      Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), purpose, 32));
    for (const bytes of [secret, derived('acct/argon2-pepper'), derived('acct/credential-cache')]) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const)
        expect(first).not.toContain(bytes.toString(encoding));
    }
  });

  it('refuses a stored value it did not write, rather than calling it a mismatch', async () => {
    await expect(fingerprintMatches('sha256:abc', secret)).rejects.toThrow(
      /unreadable secret fingerprint/,
    );
    await expect(fingerprintMatches('$scrypt$ln=30,r=8,p=5$AAAA$AAAA', secret)).rejects.toThrow(
      /unreadable/,
    );
  });
});
