import { ROLE_ADMIN, type SessionUser, loginInput, loginOutput } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import type { z } from 'zod';
import type { Context } from '../context.ts';
import { audit } from '../domain/audit.ts';
import { authenticate } from '../domain/authenticate.ts';
import { noticesSinceLastSignIn } from '../domain/notices.ts';
import { canonicalPassword } from '../domain/password.ts';
import { resolveSession, startSession } from '../domain/session.ts';
import { clearedSessionCookie, sessionCookie } from '../domain/session-token.ts';
import { toSessionUser } from '../domain/user-view.ts';
import { fail } from '../errors.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';

async function signIn(ctx: Context, input: z.output<typeof loginInput>, adminOnly: boolean) {
  const { services, client } = ctx;
  const canonical = 'passwordMd5' in input ? input.passwordMd5 : canonicalPassword(input.password);
  const purpose = adminOnly ? 'admin_login' : 'login';
  const user = await authenticate(services, client, {
    username: input.username,
    canonical,
    purpose,
  });
  if (adminOnly && user.role !== ROLE_ADMIN) {
    await audit(services, client, {
      kind: purpose,
      outcome: 'refused',
      userId: user.id,
      detail: { reason: 'not_admin' },
    });
    fail('NOT_ADMIN');
  }
  const notices = await noticesSinceLastSignIn(services, user.id);
  // Always a fresh token: a planted cookie or token never becomes a session. The session and its
  // audit event are written in the same turn, so they share one commit (one fsync).
  const [{ token, session }] = await Promise.all([
    startSession(services, user, client),
    audit(services, client, {
      kind: purpose,
      outcome: 'success',
      userId: user.id,
      detail: { via: input.via },
    }),
  ]);
  if (input.via === 'cookie') {
    ctx.setCookie(
      sessionCookie(
        token,
        Math.floor(services.config.sessionMaxMs / 1000),
        services.config.cookieSecure,
      ),
    );
  }
  return {
    user: toSessionUser(services, user),
    token: input.via === 'token' ? token : null,
    expiresAt: new Date(session.expiresAt).toISOString(),
    notices,
  };
}

export const authRouter = {
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => signIn(ctx, input, false)),

  /** Only ROLE_ADMIN gets a session; a customer's correct password is still refused. */
  adminLogin: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => signIn(ctx, input, true)),

  /** Ends this session only; other devices stay signed in. */
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.services.repo.sessions.delete(ctx.session.id);
    await audit(ctx.services, ctx.client, {
      kind: 'logout',
      outcome: 'success',
      userId: ctx.user.id,
      detail: { session: ctx.session.id },
    });
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
