import { UniqueViolation, type UserRow } from '@acct/db';
import type { PasskeyInfo } from '@acct/schema';
import {
  type RegistrationResponseJSON,
  generateRegistrationOptions,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Client } from '../context.ts';
import { fail } from '../errors.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { countWrongAnswer, issueChallenge, openChallenge, spendChallenge } from './challenge.ts';
import { confirmPassword } from './confirm-password.ts';
import { toPasskeyInfo } from './passkey-view.ts';
import { passkeyUserHandle, relyingParty, transportsOf } from './webauthn.ts';

/**
 * Begins adding a passkey: the password again (a stolen session alone cannot plant a passkey),
 * then creation options whose WebAuthn challenge stays on the server behind a single-use token.
 */
export async function beginPasskeyRegistration(
  services: Services,
  client: Client,
  user: UserRow,
  password: string,
) {
  await confirmPassword(services, client, user, password);
  const rp = relyingParty(services);
  const existing = await services.repo.factors.passkeys(user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.username,
    userID: passkeyUserHandle(services, user.id),
    attestationType: 'none',
    // The same authenticator twice would be one factor counted as two.
    excludeCredentials: existing.map((row) => ({ id: row.id, transports: transportsOf(row) })),
    // Discoverable, so the passkey can sign in on its own, without a username.
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const { token } = await issueChallenge(services, {
    purpose: 'passkey_register',
    userId: user.id,
    detail: null,
    webauthnChallenge: options.challenge,
  });
  // Spread to a plain record: the wire type is a JSON object, the browser's kit types it again.
  return { challenge: token, options: { ...options } };
}

/** Whether the browser's answer proves a new credential made for this site and this challenge. */
async function verifyCreation(services: Services, response: unknown, expectedChallenge: string) {
  const rp = relyingParty(services);
  try {
    const result = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // Asked for as 'preferred': a key without a PIN may be added, but it then signs in only as
      // the second step after the password (see passkey-sign-in.ts).
      requireUserVerification: false,
    });
    return result.verified ? result.registrationInfo : null;
  } catch {
    // Malformed or forged answers throw; either way the answer is "not verified".
    return null;
  }
}

/**
 * Completes adding a passkey. The ceremony's challenge must be the caller's own; a wrong answer
 * counts against it like a wrong code (a few spend it), a right one spends it. completeChallenge
 * is for sign-in steps (it returns their sign-in particulars), so this composes its parts.
 */
export async function completePasskeyRegistration(
  services: Services,
  client: Client,
  user: UserRow,
  input: { challenge: string; name: string; response: Record<string, unknown> },
): Promise<PasskeyInfo> {
  const row = await openChallenge(services, input.challenge, 'passkey_register');
  if (row.userId !== user.id || row.webauthnChallenge === null) return fail('BAD_CHALLENGE');
  const info = await verifyCreation(services, input.response, row.webauthnChallenge);
  if (!info) {
    await countWrongAnswer(services, row);
    return fail('PASSKEY_FAILED');
  }
  await spendChallenge(services, row);
  const { credential } = info;
  const now = services.now();
  const passkey = {
    id: credential.id,
    userId: user.id,
    name: input.name,
    publicKey: Buffer.from(credential.publicKey),
    counter: credential.counter,
    transports: credential.transports ? JSON.stringify(credential.transports) : null,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    createdAt: now,
  };
  try {
    await services.repo.factors.addPasskey(passkey);
  } catch (error) {
    if (error instanceof UniqueViolation && error.field === 'passkey') fail('PASSKEY_TAKEN');
    throw error;
  }
  await audit(services, client, {
    kind: 'passkey_add',
    outcome: 'success',
    userId: user.id,
    detail: { name: input.name, synced: passkey.deviceType === 'multiDevice' },
  });
  return toPasskeyInfo({ ...passkey, lastUsedAt: null });
}

/** Removes one of the user's passkeys, after the password again (like any factor change). */
export async function removePasskey(
  services: Services,
  client: Client,
  user: UserRow,
  input: { id: string; password: string },
) {
  await confirmPassword(services, client, user, input.password);
  const row = await services.repo.factors.passkey(input.id);
  if (
    !row ||
    row.userId !== user.id ||
    !(await services.repo.factors.removePasskey(user.id, row.id))
  )
    return fail('PASSKEY_NOT_FOUND');
  await audit(services, client, {
    kind: 'passkey_remove',
    outcome: 'success',
    userId: user.id,
    detail: { name: row.name },
  });
  return { removed: true as const };
}
