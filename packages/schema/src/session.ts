import { z } from 'zod';
import { givenPassword, passwordMd5, sessionUser, username } from './user.ts';

/**
 * How the new session is handed over: `cookie` sets an HttpOnly cookie and keeps the
 * token out of script reach (the SPA); `token` returns it for an `Authorization` header
 * (developers, the entry dialect).
 */
export const sessionTransport = z.enum(['cookie', 'token']);

const credentials = z.union([
  z.strictObject({ username, password: givenPassword, via: sessionTransport.default('cookie') }),
  // The entry dialect sends the canonical md5 itself.
  z.strictObject({ username, passwordMd5, via: sessionTransport.default('token') }),
]);

export const loginInput = credentials;

export const loginOutput = z.object({
  user: sessionUser,
  /** Present only when `via` is `token`. */
  token: z.string().nullable(),
  expiresAt: z.iso.datetime(),
});

export type LoginInput = z.input<typeof loginInput>;
export type LoginOutput = z.infer<typeof loginOutput>;
