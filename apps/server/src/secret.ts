import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { secretFile } from './data-dir.ts';
import { ConfigError } from './env.ts';

/** The configured secret and where it came from (`SECRET_KEY`, or the file's path), for messages. */
export interface FoundSecret {
  secret: Buffer;
  source: string;
}

/**
 * The server secret (argon2 pepper, HMAC keys): from SECRET_KEY, or from DATA_DIR/secret.key;
 * null when there is neither. It lives apart from the database: a copied database without it
 * cannot confirm a single password. Whether a new one may be made is secret-check.ts's call.
 */
export function readSecret(dataDir: string, fromEnv: string | null): FoundSecret | null {
  if (fromEnv !== null) return { secret: decode(fromEnv, 'SECRET_KEY'), source: 'SECRET_KEY' };
  const file = secretFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ConfigError(`Cannot read ${file}: ${code ?? (error as Error).message}`);
  }
  return { secret: decode(text.trim(), file), source: file };
}

/** A new random secret in DATA_DIR/secret.key, owner-only; if another process made one meanwhile, theirs. */
export function createSecret(dataDir: string): Buffer {
  const file = secretFile(dataDir);
  const secret = randomBytes(32);
  try {
    // 'wx' fails if the file appeared meanwhile; then use that one.
    writeFileSync(file, `${secret.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return decode(readFileSync(file, 'utf8').trim(), file);
  }
}

function decode(text: string, source: string): Buffer {
  const bytes = /^[0-9a-fA-F]+$/.test(text)
    ? Buffer.from(text, 'hex')
    : Buffer.from(text, 'base64');
  if (bytes.length < 32)
    throw new ConfigError(`${source}: the secret must be at least 32 bytes (hex or base64)`);
  return bytes;
}
