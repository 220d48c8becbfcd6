import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';

/** 256 bits from the CSPRNG; URL-safe so it fits a header or a cookie as is. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as their SHA-256 (synchronous: microseconds, never queued). */
export const hashToken = (token: string): Buffer =>
  createHash('sha256').update(token, 'utf8').digest();

/**
 * A session token is `<session id>.<secret>`: the id selects the row by its primary key (so a
 * login appends to the table instead of writing a random index page), and the secret, 256 bits
 * from `newToken`, authenticates it. Only the secret's SHA-256 is stored.
 */
export const sessionToken = (id: number, secret: string): string => `${id}.${secret}`;

// Anything else cannot be one of ours: refused before any hashing or look-up.
const sessionTokenShape = /^([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/;

export function parseSessionToken(token: string): { id: number; secret: string } | null {
  const match = sessionTokenShape.exec(token);
  return match ? { id: Number(match[1]), secret: match[2]! } : null;
}

const cookieName = (secure: boolean) => (secure ? '__Host-sid' : 'sid');

/**
 * The caller's token: `Authorization` (bare, as the entry document shows, or `Bearer …`)
 * wins over the session cookie. Never read from the URL.
 */
export function tokenFromHeaders(
  headers: Pick<Headers, 'get'>,
  secureCookie: boolean,
): string | null {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    return sessionTokenShape.test(token) ? token : null;
  }
  const cookieHeader = headers.get('cookie');
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[cookieName(secureCookie)];
  return token && sessionTokenShape.test(token) ? token : null;
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  // __Host- prefix (when secure): host-only, Path=/, Secure. SameSite=Lax keeps it off
  // cross-site subrequests; HttpOnly keeps it out of script reach.
  return serializeCookie(cookieName(secure), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie('', 0, secure);
