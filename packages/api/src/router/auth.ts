import {
  type SessionUser,
  loginInput,
  loginOutput,
  secondFactorInput,
  signInOutput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { audit } from '../domain/audit.ts';
import { completeChallenge } from '../domain/complete-sign-in.ts';
import { verifySecondFactorCode } from '../domain/second-factor.ts';
import { resolveSession } from '../domain/session.ts';
import { clearedSessionCookie } from '../domain/session-token.ts';
import { grantSession, loginInOneStep, signInWithPassword } from '../domain/sign-in.ts';
import { toSessionUser } from '../domain/user-view.ts';
import { fail } from '../errors.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';

export const authRouter = {
  /**
   * One-step login: the password, plus `code` for an account with a second factor (without it
   * such an account is refused with SECOND_FACTOR_REQUIRED). The REST faces log in through it.
   */
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => loginInOneStep(ctx, input, 'login')),

  /** Only ROLE_ADMIN gets a session; a customer's correct password is still refused. */
  adminLogin: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => loginInOneStep(ctx, input, 'admin_login')),

  /**
   * Interactive sign-in: a session at once, or, for an account with a factor, a short-lived
   * single-use challenge for the second step (`secondFactor`, or a passkey).
   */
  signIn: publicProcedure
    .input(loginInput)
    .output(signInOutput)
    .mutation(({ ctx, input }) => signInWithPassword(ctx, input, 'login')),

  /** The second step with a TOTP or recovery code. */
  secondFactor: publicProcedure
    .input(secondFactorInput)
    .output(loginOutput)
    .mutation(async ({ ctx, input }) => {
      const { proof, detail } = await completeChallenge(
        ctx,
        input.challenge,
        'second_factor',
        async (user) => {
          const holder = user ?? fail('BAD_CHALLENGE');
          return {
            user: holder,
            factor: await verifySecondFactorCode(ctx.services, ctx.client, holder, input.code),
          };
        },
      );
      return grantSession(ctx, proof.user, detail, proof.factor);
    }),

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
