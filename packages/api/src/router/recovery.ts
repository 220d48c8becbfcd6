import {
  RESET_TOKEN_MINUTES,
  checkAnswerInput,
  checkAnswerOutput,
  getQuestionInput,
  getQuestionOutput,
  resetPasswordInput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { audit } from '../domain/audit.ts';
import { checkCredential } from '../domain/check-credential.ts';
import { normaliseAnswer } from '../domain/password.ts';
import { hashToken, newToken } from '../domain/session-token.ts';
import { setNewPassword } from '../domain/set-password.ts';
import { spendAllowance, startCredentialCheck } from '../domain/throttle.ts';
import { fail, whenAccountGone } from '../errors.ts';
import { publicProcedure } from '../trpc.ts';

// Recovery by security question is what the mall document prescribes (ASVS 2.5.2 ⚠):
// the answer is stored hashed, never returned, and the token is random, single-use,
// short-lived, bound to its user, stored only as a hash, and superseded by a newer one.

export const recoveryRouter = {
  /** Tells whether the user exists, as the mall document requires; so look-ups are throttled per address. */
  getQuestion: publicProcedure
    .input(getQuestionInput)
    .output(getQuestionOutput)
    .query(async ({ ctx, input }) => {
      await spendAllowance(ctx.services, ctx.client, 'lookup');
      const user =
        (await ctx.services.repo.users.byUsername(input.username)) ?? fail('USER_NOT_FOUND');
      return { question: user.question ?? fail('NO_RECOVERY_QUESTION') };
    }),

  /** Answers are guessable: the same bounds as passwords, per account and per address, reserved before the check. */
  checkAnswer: publicProcedure
    .input(checkAnswerInput)
    .output(checkAnswerOutput)
    .mutation(async ({ ctx, input }) => {
      const { services, client } = ctx;
      const { repo, passwords } = services;
      const found = await repo.users.byUsername(input.username);
      // Admitted before the throttle reserves the attempt: refused for overload, nothing changed.
      const user = await passwords.admit(() =>
        checkCredential(
          services,
          client,
          {
            scope: 'answer',
            account: { name: input.username, userId: found?.id ?? null },
            costly: true,
          },
          async () => {
            // The document has this step say so too; the attempt still counts as a failure.
            if (!found) return { refused: 'USER_NOT_FOUND' };
            if (!found.answerHash) return { refused: 'NO_RECOVERY_QUESTION' };
            if (await passwords.verify(found.answerHash, normaliseAnswer(input.answer)))
              return found;
            return {
              refused: 'WRONG_ANSWER',
              audit: { kind: 'recovery_answer', outcome: 'failure', userId: found.id },
            };
          },
        ),
      );
      const token = newToken();
      const now = services.now();
      await repo.recovery
        .issue({
          tokenHash: hashToken(token),
          userId: user.id,
          createdAt: now,
          expiresAt: now + RESET_TOKEN_MINUTES * 60_000,
        })
        .catch(whenAccountGone('USER_NOT_FOUND'));
      await audit(services, client, {
        kind: 'recovery_answer',
        outcome: 'success',
        userId: user.id,
      });
      return { token };
    }),

  /**
   * Spends the token, sets the password, and ends every session of the account. An unknown
   * user does the same work (the new password is hashed either way) and gets the token error:
   * this step must confirm no account, by reply or by time. A wrong token counts as a failed
   * credential check of the address.
   */
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    const { services, client } = ctx;
    const { repo } = services;
    const user = await repo.users.byUsername(input.username);
    const reset = await setNewPassword(
      services,
      { username: user?.username ?? input.username, password: input.newPassword },
      {
        guard: () => startCredentialCheck(services, client, 'answer', null, { costly: true }),
        write: async ({ passwordHash }, check) => {
          const spent =
            user !== undefined &&
            (await repo.recovery.resetPassword(
              hashToken(input.token),
              user.id,
              passwordHash,
              services.now(),
            ));
          if (!spent) {
            await check.failed();
            return undefined;
          }
          await check.succeeded();
          return user;
        },
      },
    );
    if (!reset) {
      await audit(services, client, {
        kind: 'password_reset',
        outcome: 'failure',
        userId: user?.id,
        subject: user ? null : input.username,
      });
      return fail('BAD_RESET_TOKEN');
    }
    await audit(services, client, { kind: 'password_reset', outcome: 'success', userId: reset.id });
    return { changed: true as const };
  }),
} satisfies TRPCRouterRecord;
