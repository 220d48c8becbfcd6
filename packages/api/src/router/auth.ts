import { ROLE_ADMIN, type SessionUser, loginInput, loginOutput } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import type { z } from 'zod';
import type { Context } from '../context.ts';
import { authenticate } from '../domain/authenticate.ts';
import { canonicalPassword } from '../domain/password.ts';
import { resolveSession, startSession } from '../domain/session.ts';
import { clearedSessionCookie, sessionCookie } from '../domain/session-token.ts';
import { toSessionUser } from '../domain/user-view.ts';
import { fail } from '../errors.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';

async function signIn(ctx: Context, input: z.output<typeof loginInput>, adminOnly: boolean) {
  const { services } = ctx;
  const canonical = 'passwordMd5' in input ? input.passwordMd5 : canonicalPassword(input.password);
  const user = await authenticate(services, input.username, canonical);
  if (adminOnly && user.role !== ROLE_ADMIN) fail('NOT_ADMIN');
  // Always a fresh token: a planted cookie or token never becomes a session.
  const { token, session } = await startSession(services, user, ctx.client);
  if (input.via === 'cookie') {
    ctx.setCookie(sessionCookie(token, Math.floor(services.config.sessionMaxMs / 1000), services.config.cookieSecure));
  }
  return {
    user: toSessionUser(services, user),
    token: input.via === 'token' ? token : null,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
}

export const authRouter = {
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => signIn(ctx, input, false)),

  /** Only role 1 gets a session; a customer's correct password is still refused. */
  adminLogin: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => signIn(ctx, input, true)),

  /** Ends this session only; other devices stay signed in. */
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.services.repo.sessions.delete(ctx.session.id);
    ctx.setCookie(clearedSessionCookie(ctx.services.config.cookieSecure));
    return { loggedOut: true as const };
  }),

  /**
   * The signed-in user, or null: lets a client ask without provoking an error. Called on every
   * page load, so like account.profile it skips the run-time output parse (keys pinned by a test).
   */
  session: publicProcedure.query(async ({ ctx }): Promise<SessionUser | null> => {
    const auth = await resolveSession(ctx.services, ctx.token);
    return auth ? toSessionUser(ctx.services, auth.user) : null;
  }),
} satisfies TRPCRouterRecord;
