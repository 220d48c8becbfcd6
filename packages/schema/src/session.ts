import { z } from 'zod';
import { securityNotice } from './audit.ts';
import { givenPassword, passwordMd5, sessionUser, username } from './user.ts';

/**
 * How the new session is handed over: `cookie` sets an HttpOnly cookie and keeps the
 * token out of script reach (the SPA); `token` returns it for an `Authorization` header
 * (developers, the entry dialect).
 */
export const sessionTransport = z.enum(['cookie', 'token']);

/**
 * A one-step login may carry the second factor's code too (a TOTP or recovery code): scripts
 * and the REST faces have no second step. Without it, an account with a factor is refused.
 */
const code = z.string().trim().min(6).max(64).optional();
const credentials = z.union([
  z.strictObject({
    username,
    password: givenPassword,
    via: sessionTransport.default('cookie'),
    code,
  }),
  // The entry dialect sends the canonical md5 itself.
  z.strictObject({ username, passwordMd5, via: sessionTransport.default('token'), code }),
]);

export const loginInput = credentials;

export const loginOutput = z.object({
  user: sessionUser,
  /** Present only when `via` is `token`. */
  token: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  /** Changes to the account since its previous sign-in: what, when and from where. */
  notices: z.array(securityNotice),
});

export type LoginInput = z.input<typeof loginInput>;

/** One of the caller's own sessions, as the sessions screen lists them. */
export const sessionInfo = z.object({
  id: z.number().int(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** The session making this request. */
  current: z.boolean(),
});

/** Ending other sessions needs the password again (ASVS 3.7.1). */
export const signOutOthersInput = z.strictObject({ password: givenPassword });

export type SessionInfo = z.infer<typeof sessionInfo>;
