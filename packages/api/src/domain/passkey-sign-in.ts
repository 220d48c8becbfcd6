import type { PasskeyRow, UserRow } from '@acct/db';
import type { z } from 'zod';
import type { loginOutput } from '@acct/schema';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { Client, Context } from '../context.ts';
import { AppError, fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { type SignInDetail, issueChallenge, openChallenge } from './challenge.ts';
import { checkCredential } from './check-credential.ts';
import { completeChallenge } from './complete-sign-in.ts';
import { grantSession } from './sign-in.ts';
import { startCredentialCheck } from './throttle.ts';
import { relyingParty, toWebauthnCredential, transportsOf } from './webauthn.ts';

/**
 * User verification: a passkey that signs in on its own is both factors at once (the device,
 * and the PIN or biometric that unlocks it), so there it is required. As the second step after
 * the password it is only preferred: the password was the knowledge factor, and a security key
 * without a PIN is still a good second one.
 */
const PASSKEY_ALONE = 'required' as const;
const PASSKEY_SECOND = 'preferred' as const;

/**
 * Request options for a passkey sign-in. Without `challenge`: a passkey on its own (discoverable,
 * no account named, so the browser offers whichever passkey the user has for this site). With
 * it: the second step of a password sign-in, limited to that account's passkeys; the step's own
 * token is returned, and how the session is handed over stays what the password step said.
 */
export async function passkeySignInOptions(
  services: Services,
  input: { challenge?: string | undefined; via: SignInDetail['via'] },
) {
  const rp = relyingParty(services);
  if (input.challenge === undefined) {
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: [],
      userVerification: PASSKEY_ALONE,
    });
    const { token } = await issueChallenge(services, {
      purpose: 'passkey_sign_in',
      userId: null,
      detail: { purpose: 'login', via: input.via },
      webauthnChallenge: options.challenge,
    });
    // Spread to a plain record: the wire type is a JSON object, the browser's kit types it again.
    return { challenge: token, options: { ...options } };
  }
  const row = await openChallenge(services, input.challenge, 'second_factor');
  const passkeys = row.userId === null ? [] : await services.repo.factors.passkeys(row.userId);
  if (passkeys.length === 0) return fail('PASSKEY_NOT_FOUND');
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    userVerification: PASSKEY_SECOND,
  });
  // A later call replaces the WebAuthn challenge: only the last ceremony begun can finish.
  await services.repo.challenges.setWebauthnChallenge(row.id, options.challenge);
  return { challenge: input.challenge, options: { ...options } };
}

/** Whether the assertion is the passkey's, for this site and this ceremony; its new counter if so. */
async function verifyAssertion(
  services: Services,
  passkey: PasskeyRow,
  response: Record<string, unknown>,
  expectedChallenge: string,
  alone: boolean,
) {
  const rp = relyingParty(services);
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: toWebauthnCredential(passkey),
      requireUserVerification: alone,
    });
    return verified ? authenticationInfo.newCounter : null;
  } catch {
    // Forged, malformed, wrong origin, counter gone backwards: all are "not verified".
    return null;
  }
}

/**
 * Checks the assertion for `user`, throttled like a second-factor code (the same per-account and
 * per-address counts). The counter is recorded in the same check: an atomic write that refuses
 * a counter not past the stored one, so a cloned authenticator racing the real one gets nowhere.
 */
async function provePasskey(
  services: Services,
  client: Client,
  user: UserRow,
  passkey: PasskeyRow | undefined,
  response: Record<string, unknown>,
  webauthnChallenge: string,
  alone: boolean,
): Promise<UserRow> {
  return checkCredential(
    services,
    client,
    { scope: 'code', account: { name: user.username, userId: user.id }, costly: true },
    async () => {
      const counter =
        passkey && passkey.userId === user.id
          ? await verifyAssertion(services, passkey, response, webauthnChallenge, alone)
          : null;
      if (
        counter !== null &&
        (await services.repo.factors.usePasskey(passkey!.id, counter, services.now()))
      )
        return user;
      return {
        refused: 'PASSKEY_FAILED',
        audit: {
          kind: 'second_factor',
          outcome: 'failure',
          userId: user.id,
          detail: { factor: 'passkey' },
        },
      };
    },
  );
}

/** A credential ID that is no passkey here: only the address's count is charged (no account to name). */
async function refuseUnknownCredential(services: Services, client: Client): Promise<never> {
  const check = await startCredentialCheck(services, client, 'code', null, { costly: true });
  await check.failed();
  await audit(services, client, {
    kind: 'second_factor',
    outcome: 'failure',
    detail: { factor: 'passkey', reason: 'unknown_credential' },
  });
  return fail('PASSKEY_FAILED');
}

/** Which kind of ceremony the token names: a passkey sign-in on its own, or a password's second step. */
async function purposeOf(services: Services, token: string) {
  try {
    await openChallenge(services, token, 'passkey_sign_in');
    return 'passkey_sign_in' as const;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'BAD_CHALLENGE')
      return 'second_factor' as const;
    throw error;
  }
}

/**
 * Completes a passkey sign-in, on its own or as the second step: the assertion is checked against
 * the ceremony's WebAuthn challenge, a failure counts against the step (a few spend it), and a
 * success spends it, so of two racing copies of one assertion only one gets a session.
 */
export async function signInWithPasskey(
  ctx: Context,
  input: { challenge: string; response: Record<string, unknown> },
): Promise<z.output<typeof loginOutput>> {
  const { services, client } = ctx;
  const purpose = await purposeOf(services, input.challenge);
  const credentialId = typeof input.response.id === 'string' ? input.response.id : null;
  const { proof, detail } = await completeChallenge(
    ctx,
    input.challenge,
    purpose,
    async (holder, { webauthnChallenge }) => {
      // A second step whose passkey ceremony was never begun (no signInOptions call).
      if (webauthnChallenge === null) return fail('BAD_CHALLENGE');
      const passkey = credentialId ? await services.repo.factors.passkey(credentialId) : undefined;
      // A second step belongs to the account whose password was right; a passkey on its own
      // names its account by the credential it shows.
      const user = holder ?? (passkey ? await services.repo.users.byId(passkey.userId) : undefined);
      if (!user) return refuseUnknownCredential(services, client);
      const proved = await provePasskey(
        services,
        client,
        user,
        passkey,
        input.response,
        webauthnChallenge,
        purpose === 'passkey_sign_in',
      );
      if (proved.disabledAt !== null) {
        await audit(services, client, {
          kind: 'login',
          outcome: 'refused',
          userId: proved.id,
          detail: { reason: 'disabled', factor: 'passkey' },
        });
        return fail('ACCOUNT_DISABLED');
      }
      return proved;
    },
  );
  return grantSession(ctx, proof, detail, 'passkey');
}
