import {
  availabilityInput,
  availabilityOutput,
  changePasswordInput,
  deleteAccountInput,
  profile,
  registerInput,
  type Profile,
  updateProfileInput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { audit } from '../domain/audit.ts';
import { confirmPassword } from '../domain/confirm-password.ts';
import { deleteOwnAccount } from '../domain/delete-account.ts';
import { conflictKind, createAccount } from '../domain/create-account.ts';
import { setNewPassword } from '../domain/set-password.ts';
import { spendAllowance } from '../domain/throttle.ts';
import { toProfile } from '../domain/user-view.ts';
import { fail } from '../errors.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';

export const accountRouter = {
  register: publicProcedure
    .input(registerInput)
    .output(profile)
    .mutation(async ({ ctx, input }) => {
      const user = await createAccount(ctx.services, input, () =>
        spendAllowance(ctx.services, ctx.client, 'registration'),
      );
      await audit(ctx.services, ctx.client, {
        kind: 'register',
        outcome: 'success',
        userId: user.id,
      });
      return toProfile(ctx.services, user);
    }),

  /**
   * Whether a username or email is free; both are compared without regard to case. It tells
   * whether an account exists (the mall document requires it), so look-ups are throttled per address.
   */
  checkAvailability: publicProcedure
    .input(availabilityInput)
    .output(availabilityOutput)
    .query(async ({ ctx, input }) => {
      await spendAllowance(ctx.services, ctx.client, 'lookup');
      const { users } = ctx.services.repo;
      const taken =
        input.type === 'username'
          ? await users.usernameExists(input.value)
          : await users.emailExists(input.value);
      return { available: !taken };
    }),

  /**
   * The hottest read (every REST get_user_info): no run-time output parse, which costs a tRPC
   * middleware level (~20 µs of ~80); toProfile builds the fields one by one, and a test pins
   * the exact key set to the schema's.
   */
  profile: authedProcedure.query(({ ctx }): Profile => toProfile(ctx.services, ctx.user)),

  /** Nickname, email and phone only: the username, role and password never change here. */
  updateProfile: authedProcedure
    .input(updateProfileInput)
    .output(profile)
    .mutation(async ({ ctx, input }) => {
      const { nickname, email, phone } = input;
      const user = await ctx.services.repo.users
        .updateProfile(ctx.user.id, { nickname, email, phone }, ctx.services.now())
        .catch(conflictKind);
      // The address itself stays out of the log (ASVS 7.1.2); that it changed is a security notice.
      if (user && email !== undefined && email.toLowerCase() !== ctx.user.email?.toLowerCase()) {
        await audit(ctx.services, ctx.client, {
          kind: 'email_change',
          outcome: 'success',
          userId: user.id,
        });
      }
      return toProfile(ctx.services, user ?? fail('NOT_LOGGED_IN'));
    }),

  /** Needs the current password; every other session of the user ends. */
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const { services, client, user, session } = ctx;
    await setNewPassword(
      services,
      { username: user.username, password: input.newPassword },
      {
        guard: () => confirmPassword(services, client, user, input.oldPassword),
        write: async ({ passwordHash }) => {
          await services.repo.users.changePassword(
            user.id,
            passwordHash,
            services.now(),
            session.id,
          );
          return user;
        },
      },
    );
    await audit(services, client, { kind: 'password_change', outcome: 'success', userId: user.id });
    return { changed: true as const };
  }),

  /**
   * Erases the caller's account (GDPR art. 17): password again, and a code if TOTP guards it.
   * Every session ends, picture files go, an audit tombstone stays.
   */
  delete: authedProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
    await deleteOwnAccount(ctx, ctx.user, input);
    return { deleted: true as const };
  }),
} satisfies TRPCRouterRecord;
