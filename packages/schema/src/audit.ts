import { z } from 'zod';

/** Every kind of security event the audit log records (ASVS 7.1.3, 7.2.1, 7.2.2, 8.3.5). */
export const AUDIT_KINDS = [
  'register',
  'login',
  'admin_login',
  'logout',
  /** The password typed again before a sensitive action. */
  'reauth',
  'password_change',
  'recovery_answer',
  'password_reset',
  'email_change',
  /** A throttle key became blocked: an account, or a client address. */
  'lockout',
  'role_change',
  'status_change',
  'sessions_revoke',
  /** An administrator looked at accounts (list, search, one account, the audit log). */
  'admin_view',
  /** A signed-in caller was refused an administrator's procedure. */
  'access_denied',
  'picture_upload',
  /** A second-factor code or passkey offered at sign-in (or to confirm a change). */
  'second_factor',
  'totp_enable',
  'totp_disable',
  'recovery_codes_regenerate',
  'passkey_add',
  'passkey_remove',
  /** An administrator removed a user's factors. */
  'factors_reset',
  /** The user downloaded their data. */
  'data_export',
  /** The tombstone of an erased account: the only row it leaves. */
  'account_delete',
] as const;

export const auditKind = z.enum(AUDIT_KINDS);
export const auditOutcome = z.enum(['success', 'failure', 'refused']);
export const auditFace = z.enum(['trpc', 'entry', 'mall', 'cli']);

/** Small, non-secret particulars of an event. */
export const auditDetail = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

export const auditEvent = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  kind: auditKind,
  outcome: auditOutcome,
  userId: z.number().int().nullable(),
  /** The name given, when no account matched it. */
  subject: z.string().nullable(),
  actorId: z.number().int().nullable(),
  ip: z.string().nullable(),
  face: auditFace,
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: auditDetail.nullable(),
});

export const AUDIT_PAGE_MAX = 100;

const eventId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Newest first, one keyset page at a time: `cursor` is the previous page's `nextCursor`. */
export const auditQueryInput = z.strictObject({
  userId: eventId.optional(),
  /** An account by name; for a name no account has, the failed attempts made with it. */
  username: z.string().min(1).max(64).optional(),
  kind: auditKind.optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  cursor: eventId.nullish(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
  /** tRPC's infinite queries send it; pages only go back in time. */
  direction: z.literal('forward').optional(),
});

export const auditPage = z.object({ events: z.array(auditEvent), nextCursor: eventId.nullable() });

/** A user's view of their own events: who else acted is only "an administrator". */
export const ownSecurityEvent = auditEvent
  .pick({ id: true, at: true, kind: true, outcome: true, ip: true, face: true, userAgent: true })
  .extend({
    byAdministrator: z.boolean(),
  });
export const ownEventsInput = z.strictObject({
  cursor: eventId.nullish(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(20),
  direction: z.literal('forward').optional(),
});
export const ownEventsPage = z.object({
  events: z.array(ownSecurityEvent),
  nextCursor: eventId.nullable(),
});

/** The changes a user is told about at their next sign-in (ASVS 2.2.3, 2.5.5). */
export const NOTICE_KINDS = [
  'password_change',
  'password_reset',
  'email_change',
  'totp_enable',
  'totp_disable',
  'passkey_add',
  'passkey_remove',
  'factors_reset',
] as const;

export const securityNotice = z.object({
  kind: z.enum(NOTICE_KINDS),
  at: z.iso.datetime(),
  ip: z.string().nullable(),
  face: auditFace,
});

export type AuditKind = z.infer<typeof auditKind>;
export type AuditOutcome = z.infer<typeof auditOutcome>;
export type AuditFace = z.infer<typeof auditFace>;
export type AuditDetail = z.infer<typeof auditDetail>;
export type AuditEvent = z.infer<typeof auditEvent>;
export type AuditQueryInput = z.input<typeof auditQueryInput>;
export type SecurityNotice = z.infer<typeof securityNotice>;
export type OwnSecurityEvent = z.infer<typeof ownSecurityEvent>;
