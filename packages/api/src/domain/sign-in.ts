import type { UserRow } from '@acct/db';
import {
  type loginInput,
  ROLE_ADMIN,
  type SecondFactorMethod,
  type SignInOutput,
  type loginOutput,
} from '@acct/schema';
import type { z } from 'zod';
import type { Context } from '../context.ts';
import { fail, whenAccountGone } from '../errors.ts';
import { audit } from './audit.ts';
import { authenticate } from './authenticate.ts';
import { type SignInDetail, issueChallenge } from './challenge.ts';
import { noticesSinceLastSignIn } from './notices.ts';
import { canonicalPassword } from './password.ts';
import { verifySecondFactorCode } from './second-factor.ts';
import { startSession } from './session.ts';
import { sessionCookie } from './session-token.ts';
import { rememberSignInAddress } from './throttle.ts';
import { toSessionUser } from './user-view.ts';

type Credentials = z.output<typeof loginInput>;
type LoginOutput = z.output<typeof loginOutput>;
export type SignInPurpose = SignInDetail['purpose'];

/** The password step: the account it proves, or a thrown refusal (wrong, disabled, not an admin). */
async function checkPassword(ctx: Context, input: Credentials, purpose: SignInPurpose) {
  const { services, client } = ctx;
  const canonical = 'passwordMd5' in input ? input.passwordMd5 : canonicalPassword(input.password);
  const user = await authenticate(services, client, {
    username: input.username,
    canonical,
    purpose,
  });
  if (purpose === 'admin_login' && user.role !== ROLE_ADMIN) {
    await audit(services, client, {
      kind: purpose,
      outcome: 'refused',
      userId: user.id,
      detail: { reason: 'not_admin' },
    });
    fail('NOT_ADMIN');
  }
  return user;
}

/** How this account can complete a sign-in, if it has a factor at all. */
async function secondFactorMethods(ctx: Context, user: UserRow): Promise<SecondFactorMethod[]> {
  const { totp, passkeys } = await ctx.services.repo.factors.summary(user.id);
  return [
    ...(totp ? (['totp', 'recovery_code'] as const) : []),
    ...(passkeys > 0 ? (['passkey'] as const) : []),
  ];
}

/**
 * The last step of every sign-in, whatever proved the user: a fresh session (a planted cookie or
 * token never becomes one), its audit event, the notices since the last sign-in.
 */
export async function grantSession(
  ctx: Context,
  user: UserRow,
  { purpose, via }: SignInDetail,
  factor: SecondFactorMethod | null,
): Promise<LoginOutput> {
  const { services, client } = ctx;
  if (user.disabledAt !== null) fail('ACCOUNT_DISABLED');
  const notices = await noticesSinceLastSignIn(services, user.id);
  // The session and its audit event are written in the same turn, so they share one commit.
  // An account erased while its proof was being checked is answered as one that is not there.
  const [{ token, session }] = await Promise.all([
    startSession(services, user, client),
    audit(services, client, {
      kind: purpose,
      outcome: 'success',
      userId: user.id,
      detail: factor ? { via, factor } : { via },
    }),
    rememberSignInAddress(services, client, user.id),
  ]).catch(whenAccountGone('WRONG_CREDENTIALS'));
  if (via === 'cookie') {
    const maxAge = Math.floor(services.config.sessionMaxMs / 1000);
    ctx.setCookie(sessionCookie(token, maxAge, services.config.cookieSecure));
  }
  return {
    user: toSessionUser(services, user),
    token: via === 'token' ? token : null,
    expiresAt: new Date(session.expiresAt).toISOString(),
    notices,
  };
}

/**
 * A one-step login (the REST faces, scripts): the password, and the code in the same request
 * when the account has a factor. A password alone never opens an account that has one.
 */
export async function loginInOneStep(
  ctx: Context,
  input: Credentials,
  purpose: SignInPurpose,
): Promise<LoginOutput> {
  const user = await checkPassword(ctx, input, purpose);
  const methods = await secondFactorMethods(ctx, user);
  const detail = { purpose, via: input.via };
  if (methods.length === 0) return grantSession(ctx, user, detail, null);
  if (input.code === undefined || !methods.includes('totp')) {
    await audit(ctx.services, ctx.client, {
      kind: purpose,
      outcome: 'refused',
      userId: user.id,
      detail: { reason: 'second_factor_required' },
    });
    return fail('SECOND_FACTOR_REQUIRED');
  }
  const factor = await verifySecondFactorCode(ctx.services, ctx.client, user, input.code);
  return grantSession(ctx, user, detail, factor);
}

/**
 * The interactive sign-in (the SPA, the typed client): the password, then, for an account with
 * a factor, a short-lived single-use challenge kept on the server instead of a session.
 */
export async function signInWithPassword(
  ctx: Context,
  input: Credentials,
  purpose: SignInPurpose,
): Promise<SignInOutput> {
  const user = await checkPassword(ctx, input, purpose);
  const methods = await secondFactorMethods(ctx, user);
  const detail = { purpose, via: input.via };
  if (methods.length === 0)
    return { step: 'signed_in', ...(await grantSession(ctx, user, detail, null)) };
  const { token, row } = await issueChallenge(ctx.services, {
    purpose: 'second_factor',
    userId: user.id,
    detail,
  }).catch(whenAccountGone('WRONG_CREDENTIALS'));
  return {
    step: 'second_factor',
    challenge: token,
    methods,
    expiresAt: new Date(row.expiresAt).toISOString(),
  };
}
