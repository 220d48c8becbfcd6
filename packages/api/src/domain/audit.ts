import type { AuditDetail, AuditKind, AuditOutcome } from '@acct/schema';
import type { Client } from '../context.ts';
import type { Services } from '../services.ts';

export interface AuditEntry {
  kind: AuditKind;
  outcome: AuditOutcome;
  /** The account the event is about. */
  userId?: number | null;
  /** The name given when no account matched it (stored lowercased, at most 64 characters). */
  subject?: string | null;
  /** The administrator who acted. */
  actorId?: number | null;
  /** Never a secret: no password, answer, token or hash ever goes here. */
  detail?: AuditDetail | null;
}

/**
 * Appends one security event, with the time, the client's address, face, user agent and
 * request id (ASVS 7.1.4). Awaited by callers: the event is committed with the change it records.
 * Values are stored as data (bound parameters, JSON), so no input can forge a line or an entry.
 */
export async function audit(services: Services, client: Client, entry: AuditEntry): Promise<void> {
  await services.repo.audit.append({
    at: services.now(),
    kind: entry.kind,
    outcome: entry.outcome,
    userId: entry.userId ?? null,
    subject: entry.subject?.toLowerCase().slice(0, 64) ?? null,
    actorId: entry.actorId ?? null,
    ip: client.ip,
    face: client.face,
    userAgent: client.userAgent,
    requestId: client.requestId,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  });
}
