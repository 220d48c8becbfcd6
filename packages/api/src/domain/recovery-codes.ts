import { createHmac, randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@acct/schema';

// 12 characters of a 31-letter alphabet without look-alikes (no 0/o, 1/l/i): 59 bits each,
// far past guessing under the throttle, so a keyed fast hash stores them safely.
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const LENGTH = 12;

/** How a typed code is compared: case, spaces and dashes do not matter. */
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/**
 * Keyed with the server secret (not in the database, so a stolen table cannot be searched
 * offline) and salted with the account id (the same code of two accounts hashes apart).
 */
export const hashRecoveryCode = (key: Buffer, userId: number, code: string): Buffer =>
  createHmac('sha256', key)
    .update(`${userId}:${normaliseRecoveryCode(code)}`, 'utf8')
    .digest();

/** Fresh codes, grouped in fours for reading (`7kq2-m9xd-4hrt`), and their hashes to store. */
export function newRecoveryCodes(key: Buffer, userId: number) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return raw.match(/.{4}/g)!.join('-');
  });
  return { codes, hashes: codes.map((code) => hashRecoveryCode(key, userId, code)) };
}
