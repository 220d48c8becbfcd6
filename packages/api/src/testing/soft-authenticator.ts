import { type KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

type CBORType = Parameters<typeof isoCBOR.encode>[0];

/**
 * A software authenticator for tests: it answers real WebAuthn creation and request options
 * with real responses (an ES256 P-256 key, 'none' attestation in CBOR, authenticator data with
 * its flags and counter, clientDataJSON), so the server's verification runs unchanged, without
 * a browser. It plays the browser's part too: it writes the origin into clientDataJSON.
 */

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

type Options = Record<string, unknown>;

function field<T>(options: Options, name: string): T {
  if (!(name in options)) throw new Error(`options have no ${name}`);
  return options[name] as T;
}

/** The COSE_Key of an EC2 P-256 public key for ES256 (RFC 9053), as a CBOR map. */
function coseKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
}

function counterBytes(counter: number) {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(counter);
  return out;
}

export interface SoftAuthenticatorOptions {
  /** The page's origin the "browser" reports. */
  origin: string;
  /** Whether the user is verified (PIN, biometric). */
  userVerified?: boolean;
  /** A synced (backed-up, multi-device) passkey. */
  synced?: boolean;
  /** Counter step per assertion; 0 for an authenticator that keeps no counter. */
  counterStep?: number;
}

export function createSoftAuthenticator({
  origin,
  userVerified = true,
  synced = false,
  counterStep = 1,
}: SoftAuthenticatorOptions) {
  const credentials = new Map<string, Credential>();
  const flags = (extra: number) =>
    FLAG_UP | (userVerified ? FLAG_UV : 0) | (synced ? FLAG_BE | FLAG_BS : 0) | extra;
  const clientData = (type: string, challenge: string, at: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin: at, crossOrigin: false }));

  return {
    credentials,
    /** navigator.credentials.create: a RegistrationResponseJSON for PublicKeyCredentialCreationOptionsJSON. */
    create(
      options: Options,
      { at = origin, id = randomBytes(16) }: { at?: string; id?: Buffer } = {},
    ) {
      const rpId = field<{ id: string }>(options, 'rp').id;
      const user = field<{ id: string }>(options, 'user');
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const credential = { id, privateKey, rpId, userHandle: user.id, counter: 0 };
      credentials.set(b64url(id), credential);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(id.length);
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(FLAG_AT)]),
        counterBytes(credential.counter),
        Buffer.alloc(16), // AAGUID: none
        idLength,
        id,
        coseKey(publicKey),
      ]);
      const attestationObject = isoCBOR.encode(
        new Map<string, CBORType>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, CBORType>()],
          ['authData', authData],
        ]),
      );
      return {
        id: b64url(id),
        rawId: b64url(id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', field(options, 'challenge'), at)),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },

    /**
     * navigator.credentials.get: an AuthenticationResponseJSON for the request options, made by
     * `credentialId` (default: the first allowed one, or for a discoverable request the first
     * this authenticator holds). `counter` forces the counter (to play a clone).
     */
    get(
      options: Options,
      {
        at = origin,
        credentialId,
        counter,
      }: { at?: string; credentialId?: string; counter?: number } = {},
    ) {
      const allowed = (options.allowCredentials as { id: string }[] | undefined) ?? [];
      const id = credentialId ?? allowed[0]?.id ?? credentials.keys().next().value;
      const credential = id === undefined ? undefined : credentials.get(id);
      if (!credential) throw new Error('no such credential on this authenticator');
      credential.counter = counter ?? credential.counter + counterStep;
      const authData = Buffer.concat([
        sha256(field<string>(options, 'rpId')),
        Buffer.from([flags(0)]),
        counterBytes(credential.counter),
      ]);
      const clientDataJSON = clientData('webauthn.get', field(options, 'challenge'), at);
      const signature = sign(
        'sha256',
        Buffer.concat([authData, sha256(clientDataJSON)]),
        credential.privateKey,
      );
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}

export type SoftAuthenticator = ReturnType<typeof createSoftAuthenticator>;
