import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './env.ts';

/**
 * The server secret (argon2 pepper, HMAC keys): from SECRET_KEY, or from DATA_DIR/secret.key,
 * created with owner-only permissions on first start. It lives apart from the database:
 * a copied database without it cannot confirm a single password.
 */
export function loadSecret(dataDir: string, fromEnv: string | null): Buffer {
  if (fromEnv !== null) return decode(fromEnv, 'SECRET_KEY');
  const file = join(dataDir, 'secret.key');
  try {
    return decode(readFileSync(file, 'utf8').trim(), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32);
  // 'wx' fails if another process created it meanwhile; then use theirs.
  try {
    writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return decode(readFileSync(file, 'utf8').trim(), file);
  }
}

function decode(text: string, source: string): Buffer {
  const bytes = /^[0-9a-fA-F]+$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length < 32) throw new ConfigError(`${source}: the secret must be at least 32 bytes (hex or base64)`);
  return bytes;
}
