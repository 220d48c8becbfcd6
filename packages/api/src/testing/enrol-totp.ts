import { Secret } from 'otpauth';
import { beginTotp, confirmTotp } from '../domain/enrol-totp.ts';
import { totpCodeAt } from '../domain/totp.ts';
import type { Services } from '../services.ts';

/**
 * Gives an account TOTP the way a user does (begin, then confirm with a first code), and returns
 * the key so a test can compute the codes an authenticator app would show.
 */
export async function enrollTotp(services: Services, userId: number) {
  const user = (await services.repo.users.byId(userId)) ?? raise(`no user ${userId}`);
  const { secret } = await beginTotp(services, user);
  const key = Buffer.from(Secret.fromBase32(secret).bytes);
  const recoveryCodes = await confirmTotp(services, user, totpCodeAt(key, services.now()));
  return {
    key,
    recoveryCodes,
    /** The code an app shows at `at` (default: the services' clock now). */
    codeAt: (at: number = services.now()) => totpCodeAt(key, at),
  };
}

function raise(message: string): never {
  throw new Error(message);
}
