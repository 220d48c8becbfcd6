import {
  factorProofInput,
  factorStatus,
  recoveryCodesOutput,
  totpBeginInput,
  totpBeginOutput,
  totpConfirmInput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import QRCode from 'qrcode';
import { audit } from '../domain/audit.ts';
import { confirmPassword } from '../domain/confirm-password.ts';
import { beginTotp, confirmTotp } from '../domain/enrol-totp.ts';
import { factorStatusOf } from '../domain/factor-view.ts';
import { newRecoveryCodes } from '../domain/recovery-codes.ts';
import { totpKeyOf, verifySecondFactorCode } from '../domain/second-factor.ts';
import type { Context } from '../context.ts';
import type { UserRow } from '@acct/db';
import { fail } from '../errors.ts';
import { authedProcedure } from '../trpc.ts';

/** Changing what guards the account needs the password and a code of the factor in force. */
async function proveOwnerWithFactor(ctx: Context, user: UserRow, password: string, code: string) {
  await confirmPassword(ctx.services, ctx.client, user, password);
  if (!(await totpKeyOf(ctx.services, user.id))) fail('TOTP_NOT_ENABLED');
  await verifySecondFactorCode(ctx.services, ctx.client, user, code);
}

export const factorsRouter = {
  /** The caller's factors: whether TOTP is on, recovery codes left, passkeys. */
  status: authedProcedure
    .output(factorStatus)
    .query(({ ctx }) => factorStatusOf(ctx.services, ctx.user.id)),

  /**
   * Starts TOTP enrolment (password first, so a stolen session cannot lock the owner out): the
   * key as text and as a QR code. Nothing is guarded until `totpConfirm`.
   */
  totpBegin: authedProcedure
    .input(totpBeginInput)
    .output(totpBeginOutput)
    .mutation(async ({ ctx, input }) => {
      await confirmPassword(ctx.services, ctx.client, ctx.user, input.password);
      const { secret, uri } = await beginTotp(ctx.services, ctx.user);
      return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
    }),

  /** The first code from the app turns TOTP on and returns the 10 recovery codes, once. */
  totpConfirm: authedProcedure
    .input(totpConfirmInput)
    .output(recoveryCodesOutput)
    .mutation(async ({ ctx, input }) => {
      const recoveryCodes = await confirmTotp(ctx.services, ctx.user, input.code);
      await audit(ctx.services, ctx.client, {
        kind: 'totp_enable',
        outcome: 'success',
        userId: ctx.user.id,
      });
      return { recoveryCodes };
    }),

  totpDisable: authedProcedure.input(factorProofInput).mutation(async ({ ctx, input }) => {
    await proveOwnerWithFactor(ctx, ctx.user, input.password, input.code);
    await ctx.services.repo.factors.removeTotp(ctx.user.id);
    await audit(ctx.services, ctx.client, {
      kind: 'totp_disable',
      outcome: 'success',
      userId: ctx.user.id,
    });
    return { disabled: true as const };
  }),

  /** New recovery codes in place of the old ones (all of which stop working). */
  regenerateRecoveryCodes: authedProcedure
    .input(factorProofInput)
    .output(recoveryCodesOutput)
    .mutation(async ({ ctx, input }) => {
      await proveOwnerWithFactor(ctx, ctx.user, input.password, input.code);
      const { codes, hashes } = newRecoveryCodes(ctx.services.keys.recoveryCodes, ctx.user.id);
      await ctx.services.repo.factors.replaceRecoveryCodes(ctx.user.id, hashes, ctx.services.now());
      await audit(ctx.services, ctx.client, {
        kind: 'recovery_codes_regenerate',
        outcome: 'success',
        userId: ctx.user.id,
      });
      return { recoveryCodes: codes };
    }),
} satisfies TRPCRouterRecord;
