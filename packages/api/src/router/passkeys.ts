import {
  loginOutput,
  passkeyInfo,
  passkeyOptionsInput,
  passkeyOptionsOutput,
  passkeyRegisterInput,
  passkeyRegistrationOptionsInput,
  passkeyRegistrationOptionsOutput,
  passkeyRemoveInput,
  passkeyRenameInput,
  passkeySignInInput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  beginPasskeyRegistration,
  completePasskeyRegistration,
  removePasskey,
} from '../domain/passkey-register.ts';
import { passkeySignInOptions, signInWithPasskey } from '../domain/passkey-sign-in.ts';
import { toPasskeyInfo } from '../domain/passkey-view.ts';
import { fail } from '../errors.ts';
import { spendAllowance } from '../domain/throttle.ts';
import { authedProcedure, publicProcedure } from '../trpc.ts';

export const passkeysRouter = {
  /** Creation options for a new passkey, after the password again. */
  registrationOptions: authedProcedure
    .input(passkeyRegistrationOptionsInput)
    .output(passkeyRegistrationOptionsOutput)
    .mutation(({ ctx, input }) =>
      beginPasskeyRegistration(ctx.services, ctx.client, ctx.user, input.password),
    ),

  /** Stores the passkey startRegistration made against those options. */
  register: authedProcedure
    .input(passkeyRegisterInput)
    .output(passkeyInfo)
    .mutation(({ ctx, input }) =>
      completePasskeyRegistration(ctx.services, ctx.client, ctx.user, input),
    ),

  /** Request options: a passkey sign-in on its own, or (with `challenge`) a password's second step. */
  signInOptions: publicProcedure
    .input(passkeyOptionsInput)
    .output(passkeyOptionsOutput)
    .mutation(async ({ ctx, input }) => {
      // Each anonymous call stores a challenge row: bounded per address like other look-ups.
      if (input.challenge === undefined) await spendAllowance(ctx.services, ctx.client, 'lookup');
      return passkeySignInOptions(ctx.services, input);
    }),

  /** Signs in with the assertion startAuthentication returned. */
  signIn: publicProcedure
    .input(passkeySignInInput)
    .output(loginOutput)
    .mutation(({ ctx, input }) => signInWithPasskey(ctx, input)),

  rename: authedProcedure
    .input(passkeyRenameInput)
    .output(passkeyInfo)
    .mutation(async ({ ctx, input }) => {
      const { factors } = ctx.services.repo;
      if (!(await factors.renamePasskey(ctx.user.id, input.id, input.name)))
        return fail('PASSKEY_NOT_FOUND');
      const row = (await factors.passkey(input.id)) ?? fail('PASSKEY_NOT_FOUND');
      return toPasskeyInfo(row);
    }),

  /** Removes one, after the password again. */
  remove: authedProcedure
    .input(passkeyRemoveInput)
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) => removePasskey(ctx.services, ctx.client, ctx.user, input)),
} satisfies TRPCRouterRecord;
