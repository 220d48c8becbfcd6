import type { AuthChallengeRow } from '@acct/db';
import { z } from 'zod';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { hashToken, newToken, parseSessionToken, sessionToken } from './session-token.ts';

/** A sign-in step lives this long: long enough to find the phone, short enough to be useless stolen. */
const CHALLENGE_MS = 5 * 60_000;
/** Wrong codes one sign-in step may take before it is spent (the throttle bounds the rest). */
const CHALLENGE_MAX_ATTEMPTS = 5;

export type ChallengePurpose = 'second_factor' | 'passkey_sign_in' | 'passkey_register';

/** What a sign-in step remembers of the password step: which login, and how to hand over the session. */
const signInDetail = z.object({
  purpose: z.enum(['login', 'admin_login']),
  via: z.enum(['cookie', 'token']),
});
export type SignInDetail = z.infer<typeof signInDetail>;

/** Stores a challenge on the server; the caller gets only `<id>.<secret>`. */
export async function issueChallenge(
  services: Services,
  {
    purpose,
    userId,
    detail,
    webauthnChallenge = null,
  }: {
    purpose: ChallengePurpose;
    userId: number | null;
    detail: SignInDetail | null;
    webauthnChallenge?: string | null;
  },
) {
  const secret = newToken();
  const now = services.now();
  const row = await services.repo.challenges.insert({
    tokenHash: hashToken(secret),
    purpose,
    userId,
    webauthnChallenge,
    detail: detail ? JSON.stringify(detail) : null,
    createdAt: now,
    expiresAt: now + CHALLENGE_MS,
  });
  return { token: sessionToken(row.id, secret), row };
}

/** The live challenge behind `token`, for `purpose`; BAD_CHALLENGE otherwise. */
export async function openChallenge(
  services: Services,
  token: string,
  purpose: ChallengePurpose,
): Promise<AuthChallengeRow> {
  const parsed = parseSessionToken(token);
  const row = parsed
    ? await services.repo.challenges.find(parsed.id, hashToken(parsed.secret), services.now())
    : undefined;
  if (!row || row.purpose !== purpose) return fail('BAD_CHALLENGE');
  return row;
}

/** The sign-in particulars a challenge carries. */
export const detailOf = (row: AuthChallengeRow): SignInDetail =>
  signInDetail.parse(JSON.parse(row.detail ?? '{}'));

/** Spends the challenge; of racing requests only one gets past this (single use). */
export async function spendChallenge(services: Services, row: AuthChallengeRow): Promise<void> {
  if (!(await services.repo.challenges.consume(row.id))) fail('BAD_CHALLENGE');
}

/** A wrong answer on this step; past the bound the step is spent and the sign-in starts over. */
export async function countWrongAnswer(services: Services, row: AuthChallengeRow): Promise<void> {
  const attempts = await services.repo.challenges.countAttempt(row.id);
  if (attempts >= CHALLENGE_MAX_ATTEMPTS) await services.repo.challenges.consume(row.id);
}
