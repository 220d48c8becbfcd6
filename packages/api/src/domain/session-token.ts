import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';

/** 256 bits from the CSPRNG; URL-safe so it fits a header or a cookie as is. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as their SHA-256 (synchronous: microseconds, never queued). */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

// Anything longer or outside this alphabet cannot be one of ours: refused before hashing.
const tokenShape = /^[A-Za-z0-9_-]{16,128}$/;

export const cookieName = (secure: boolean) => (secure ? '__Host-sid' : 'sid');

/**
 * The caller's token: `Authorization` (bare, as the entry document shows, or `Bearer …`)
 * wins over the session cookie. Never read from the URL.
 */
export function tokenFromHeaders(headers: Pick<Headers, 'get'>, secureCookie: boolean): string | null {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    return tokenShape.test(token) ? token : null;
  }
  const cookieHeader = headers.get('cookie');
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[cookieName(secureCookie)];
  return token && tokenShape.test(token) ? token : null;
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
