import type { AuditEventRow } from '@acct/db';
import {
  type AuditEvent,
  type OwnSecurityEvent,
  auditDetail,
  auditEvent,
  ownSecurityEvent,
} from '@acct/schema';

const iso = (ms: number) => new Date(ms).toISOString();

// Parsed with the output schemas: the table holds what the code wrote, but a row is text and
// a bad one must fail here, not in a browser.

export const toAuditEvent = (row: AuditEventRow): AuditEvent =>
  auditEvent.parse({
    id: row.id,
    at: iso(row.at),
    kind: row.kind,
    outcome: row.outcome,
    userId: row.userId,
    subject: row.subject,
    actorId: row.actorId,
    ip: row.ip,
    face: row.face,
    userAgent: row.userAgent,
    requestId: row.requestId,
    detail: row.detail === null ? null : auditDetail.parse(JSON.parse(row.detail)),
  });

/** What a user sees of an event about their own account. */
export const toOwnEvent = (row: AuditEventRow): OwnSecurityEvent =>
  ownSecurityEvent.parse({
    id: row.id,
    at: iso(row.at),
    kind: row.kind,
    outcome: row.outcome,
    ip: row.ip,
    face: row.face,
    userAgent: row.userAgent,
    byAdministrator: row.actorId !== null,
  });

/** One keyset page from `limit + 1` rows, newest first: the cursor is the last id shown. */
export function pageOf<T>(rows: AuditEventRow[], limit: number, view: (row: AuditEventRow) => T) {
  const page = rows.slice(0, limit);
  return {
    events: page.map(view),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
