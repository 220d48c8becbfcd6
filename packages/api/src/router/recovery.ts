import {
  RESET_TOKEN_MINUTES,
  checkAnswerInput,
  checkAnswerOutput,
  getQuestionInput,
  getQuestionOutput,
  resetPasswordInput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { canonicalPassword, normaliseAnswer } from '../domain/password.ts';
import { checkNewPassword } from '../domain/password-policy.ts';
import { hashToken, newToken } from '../domain/session-token.ts';
import { fail } from '../errors.ts';
import { publicProcedure } from '../trpc.ts';

// Recovery by security question is what the mall document prescribes (ASVS 2.5.2 ⚠):
// the answer is stored hashed, never returned, and the token is random, single-use,
// short-lived, bound to its user, stored only as a hash, and superseded by a newer one.

export const recoveryRouter = {
  /** Tells whether the user exists, as the mall document requires. */
  getQuestion: publicProcedure
    .input(getQuestionInput)
    .output(getQuestionOutput)
    .query(async ({ ctx, input }) => {
      const user = (await ctx.services.repo.users.byUsername(input.username)) ?? fail('USER_NOT_FOUND');
      return { question: user.question ?? fail('NO_RECOVERY_QUESTION') };
    }),

  checkAnswer: publicProcedure
    .input(checkAnswerInput)
    .output(checkAnswerOutput)
    .mutation(async ({ ctx, input }) => {
      const { repo, passwords, answerAttempts } = ctx.services;
      const key = input.username.toLowerCase();
      // Answers are guessable: the same per-account throttle as passwords.
      if (answerAttempts.blocked(key)) return fail('RATE_LIMITED');
      const user = (await repo.users.byUsername(input.username)) ?? fail('USER_NOT_FOUND');
      if (!user.answerHash) return fail('NO_RECOVERY_QUESTION');
      if (!(await passwords.verify(user.answerHash, normaliseAnswer(input.answer)))) {
        answerAttempts.fail(key);
        return fail('WRONG_ANSWER');
      }
      answerAttempts.reset(key);
      const token = newToken();
      const now = ctx.services.now();
      await repo.recovery.issue({
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: now,
        expiresAt: now + RESET_TOKEN_MINUTES * 60_000,
      });
      return { token };
    }),

  /** Spends the token, sets the password, and ends every session of the account. */
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    const { repo, passwords, credentials } = ctx.services;
    // An unknown user gets the token error: this step must not confirm accounts.
    const user = (await repo.users.byUsername(input.username)) ?? fail('BAD_RESET_TOKEN');
    checkNewPassword(user.username, input.newPassword);
    const passwordHash = await passwords.hash(canonicalPassword(input.newPassword));
    const reset = await repo.recovery.resetPassword(hashToken(input.token), user.id, passwordHash, ctx.services.now());
    if (!reset) fail('BAD_RESET_TOKEN');
    credentials.forget(user.id);
    return { changed: true as const };
  }),
} satisfies TRPCRouterRecord;
