import type { UserRow } from '@acct/db';
import type { Context } from '../context.ts';
import type { Services } from '../services.ts';
import { hashToken, newToken, parseSessionToken, sessionToken } from './session-token.ts';

// last_seen_at is written at most this often per session, so that reads stay reads.
const TOUCH_EVERY_MS = 60_000;

export async function startSession(services: Services, user: UserRow, client: Context['client']) {
  const secret = newToken();
  const now = services.now();
  const session = await services.repo.sessions.insert({
    tokenHash: hashToken(secret),
    userId: user.id,
    createdAt: now,
    expiresAt: now + services.config.sessionMaxMs,
    userAgent: client.userAgent,
    ip: client.ip,
  });
  return { token: sessionToken(session.id, secret), session };
}

/** The live session and user behind a token, or null: unknown, expired, or idle too long. */
export async function resolveSession(services: Services, token: string | null) {
  const parsed = token === null ? null : parseSessionToken(token);
  if (parsed === null) return null;
  const now = services.now();
  const found = await services.repo.sessions.findLive(parsed.id, hashToken(parsed.secret), now);
  if (!found || found.user.disabledAt !== null) return null;
  const idle = now - found.session.lastSeenAt;
  if (idle > services.config.sessionIdleMs) {
    await services.repo.sessions.delete(found.session.id);
    return null;
  }
  if (idle > TOUCH_EVERY_MS) await services.repo.sessions.touch(found.session.id, now);
  return found;
}
