import type { UserRow } from '@acct/db';
import type { Context } from '../context.ts';
import { fail } from '../errors.ts';
import { confirmPassword } from './confirm-password.ts';
import { totpKeyOf, verifySecondFactorCode } from './second-factor.ts';
import { clearedSessionCookie } from './session-token.ts';
import { throttleKeysOf } from './throttle.ts';

/**
 * Erases the caller's account (GDPR art. 17) after re-authentication: the password, and a code
 * when TOTP guards the account. One transaction removes the account and everything about it,
 * leaving only a tombstone event (the id, the time, the face: no name, address or agent); then
 * the picture files go. The id is never handed out again; the username is free at once (see
 * docs/decisions.md).
 */
export async function deleteOwnAccount(
  ctx: Context,
  user: UserRow,
  { password, code }: { password: string; code?: string | undefined },
): Promise<void> {
  const { services, client } = ctx;
  await confirmPassword(services, client, user, password);
  if (await totpKeyOf(services, user.id)) {
    if (code === undefined) fail('SECOND_FACTOR_REQUIRED');
    else await verifySecondFactorCode(services, client, user, code);
  }
  const erased = await services.repo.users.deleteAccount(
    user.id,
    {
      at: services.now(),
      kind: 'account_delete',
      outcome: 'success',
      userId: user.id,
      subject: null,
      actorId: null,
      ip: null,
      face: client.face,
      userAgent: null,
      requestId: client.requestId,
      detail: null,
    },
    throttleKeysOf(user),
  );
  if (!erased) return fail('LAST_ADMIN');
  services.credentials.forget(user.id);
  ctx.setCookie(clearedSessionCookie(services.config.cookieSecure));
  // After the commit: a file left by a crash here is an unreferenced one, which the sweep removes.
  await Promise.all(erased.pictures.map((name) => services.pictures.storage.remove(name)));
}
