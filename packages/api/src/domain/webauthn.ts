import { createHmac, hkdfSync } from 'node:crypto';
import type { PasskeyRow } from '@acct/db';
import type { WebAuthnCredential } from '@simplewebauthn/server';
import type { Services } from '../services.ts';

/**
 * The relying party is the site itself, taken from PUBLIC_URL: the RP ID is its host name (what
 * the authenticator binds the passkey to) and the expected origin its scheme, host and port.
 * A passkey made for one PUBLIC_URL host does not work on another, by WebAuthn's design.
 */
export function relyingParty(services: Services) {
  const url = new URL(services.config.publicUrl);
  return { id: url.hostname, origin: url.origin, name: 'Accounts' };
}

/**
 * The WebAuthn user handle: an HMAC of the user id under a key derived from the server secret,
 * so the authenticator (and anyone who reads it) learns neither the id nor the username. We never
 * look a user up by it: a credential is found by its ID, so a new secret costs nothing but a
 * different handle for passkeys made afterwards.
 */
export function passkeyUserHandle(services: Services, userId: number): Uint8Array<ArrayBuffer> {
  const key = Buffer.from(
    hkdfSync('sha256', services.config.secret, Buffer.alloc(0), 'acct/webauthn-user-handle', 32),
  );
  return new Uint8Array(createHmac('sha256', key).update(`user:${userId}`).digest());
}

/** A stored passkey as SimpleWebAuthn verifies against it. */
export function toWebauthnCredential(row: PasskeyRow): WebAuthnCredential {
  return {
    id: row.id,
    publicKey: new Uint8Array(row.publicKey),
    counter: row.counter,
    transports: transportsOf(row),
  };
}

/** The transport hints kept with a passkey (the browser uses them to pick how to reach it). */
export function transportsOf(row: PasskeyRow): string[] | undefined {
  if (row.transports === null) return undefined;
  const parsed: unknown = JSON.parse(row.transports);
  return Array.isArray(parsed)
    ? parsed.filter((t): t is string => typeof t === 'string')
    : undefined;
}
