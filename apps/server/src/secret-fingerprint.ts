import { type ScryptOptions, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * A one-way fingerprint of the server secret, stored in the database so that a start with
 * another secret (a lost, replaced or altered secret.key) can be refused instead of failing
 * every password.
 *
 * The database is what an attacker may steal, so the fingerprint must not make guessing the
 * secret cheaper than it already is. With a stolen database and the password of an account of
 * their own, one guess costs a peppered argon2id hash; the fingerprint costs the same: scrypt at
 * OWASP's equivalent of argon2id m=19 MiB t=2 (N=2^14, r=8, p=5), with a random salt per database,
 * over an HKDF key with its own purpose label, so it is never equal to the pepper or any other key.
 * A generated secret is 256 random bits anyway; this matters for a weak hand-made SECRET_KEY.
 */
const PARAMS = { ln: 14, r: 8, p: 5 };
const FORMAT = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

const derive = (secret: Buffer, salt: Buffer, { ln, r, p }: typeof PARAMS) => {
  const input = Buffer.from(
    hkdfSync('sha256', secret, Buffer.alloc(0), 'acct/secret-fingerprint', 32),
  );
  const options: ScryptOptions = { N: 2 ** ln, r, p, maxmem: 2 ** ln * r * 256 };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(input, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
};

/** `$scrypt$ln=14,r=8,p=5$<salt>$<hash>` (base64url), PHC-style. */
export async function fingerprintSecret(
  secret: Buffer,
  salt: Buffer = randomBytes(16),
): Promise<string> {
  const hash = await derive(secret, salt, PARAMS);
  return `$scrypt$ln=${PARAMS.ln},r=${PARAMS.r},p=${PARAMS.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Whether `secret` is the one `stored` was made from; throws on a value this code did not write. */
export async function fingerprintMatches(stored: string, secret: Buffer): Promise<boolean> {
  const match = FORMAT.exec(stored);
  const [ln, r, p] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  // Bounds, so that an edited value cannot make the start allocate gigabytes.
  if (!match || ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new Error(`unreadable secret fingerprint in the database: ${stored.slice(0, 40)}`);
  }
  const expected = Buffer.from(match[5]!, 'base64url');
  const actual = await derive(secret, Buffer.from(match[4]!, 'base64url'), { ln, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
