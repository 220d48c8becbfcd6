import type { UserRow } from '@acct/db';
import type { Context } from '../context.ts';
import { AppError, fail } from '../errors.ts';
import {
  type ChallengePurpose,
  countWrongAnswer,
  detailOf,
  openChallenge,
  spendChallenge,
} from './challenge.ts';
import type { SignInDetail } from './challenge.ts';

/**
 * Runs the second step of a sign-in against its challenge: `prove` checks what the caller
 * offers and returns the account it proves. A wrong answer counts against the step (a few spend
 * it); a right one spends it, so of two racing right answers one gets the session.
 */
export async function completeChallenge<T>(
  ctx: Context,
  token: string,
  purpose: ChallengePurpose,
  prove: (holder: UserRow | null, challenge: { webauthnChallenge: string | null }) => Promise<T>,
): Promise<{ proof: T; detail: SignInDetail }> {
  const { services } = ctx;
  const row = await openChallenge(services, token, purpose);
  const holder = row.userId === null ? null : await services.repo.users.byId(row.userId);
  if (row.userId !== null && !holder) fail('BAD_CHALLENGE');
  let proof: T;
  try {
    proof = await prove(holder ?? null, row);
  } catch (error) {
    if (error instanceof AppError && error.kind !== 'RATE_LIMITED' && error.kind !== 'UNAVAILABLE')
      await countWrongAnswer(services, row);
    throw error;
  }
  await spendChallenge(services, row);
  return { proof, detail: detailOf(row) };
}
