import type { AuditEventRow, SessionRow, UserRow } from '@acct/db';
import type { Services } from '../services.ts';
import { toOwnEvent } from './audit-view.ts';
import { factorStatusOf } from './factor-view.ts';
import { toProfile } from './user-view.ts';

/** Events per read while collecting, and the most an export holds (a year of retention is far less for a person). */
const PAGE = 500;
const MAX_EVENTS = 10_000;

const iso = (ms: number) => new Date(ms).toISOString();

const toExportedSession = (session: SessionRow, currentId: number) => ({
  id: session.id,
  userAgent: session.userAgent,
  ip: session.ip,
  createdAt: iso(session.createdAt),
  lastSeenAt: iso(session.lastSeenAt),
  expiresAt: iso(session.expiresAt),
  current: session.id === currentId,
});

async function ownEvents(services: Services, userId: number) {
  const rows: AuditEventRow[] = [];
  let beforeId: number | undefined;
  while (rows.length < MAX_EVENTS) {
    const page = await services.repo.audit.list({ userId, beforeId, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) break;
    beforeId = page.at(-1)?.id;
  }
  return rows.slice(0, MAX_EVENTS).map(toOwnEvent);
}

/**
 * Everything the service holds about the user, as they may download it (GDPR art. 15): built
 * field by field from views, so no password, answer, key, code, token or hash can ride along.
 */
export async function exportUserData(services: Services, user: UserRow, currentSessionId: number) {
  const now = services.now();
  const [sessions, factors, events] = await Promise.all([
    services.repo.sessions.listForUser(user.id, now),
    factorStatusOf(services, user.id),
    ownEvents(services, user.id),
  ]);
  return {
    format: 'acct-export/1',
    exportedAt: iso(now),
    profile: {
      ...toProfile(services, user),
      hasRecoveryQuestion: user.answerHash !== null,
      disabled: user.disabledAt !== null,
    },
    sessions: sessions.map((session) => toExportedSession(session, currentSessionId)),
    factors,
    events,
  };
}
