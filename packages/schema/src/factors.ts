import { z } from 'zod';
import { loginOutput, sessionTransport } from './session.ts';
import { givenPassword } from './user.ts';

/**
 * What the second step of a sign-in accepts: a 6-digit TOTP code, or one of the account's
 * recovery codes (letters and digits, dashes and spaces ignored). The server tells them apart.
 */
export const secondFactorCode = z.string().trim().min(6).max(64);

/** The `<id>.<secret>` token of a sign-in step or a passkey ceremony held on the server. */
export const challengeToken = z.string().min(3).max(128);

export const SECOND_FACTOR_METHODS = ['totp', 'recovery_code', 'passkey'] as const;
export const secondFactorMethod = z.enum(SECOND_FACTOR_METHODS);

/** The password was right and the account has a factor: the caller holds a challenge, not a session. */
export const secondFactorStep = z.object({
  step: z.literal('second_factor'),
  challenge: challengeToken,
  /** The ways this account can complete the sign-in. */
  methods: z.array(secondFactorMethod),
  expiresAt: z.iso.datetime(),
});

export const signInOutput = z.discriminatedUnion('step', [
  loginOutput.extend({ step: z.literal('signed_in') }),
  secondFactorStep,
]);

export const secondFactorInput = z.strictObject({
  challenge: challengeToken,
  code: secondFactorCode,
});

/** WebAuthn options and responses are JSON objects shaped by the WebAuthn spec (checked by SimpleWebAuthn). */
const webauthnJson = z.record(z.string(), z.unknown());

export const passkeyOptionsInput = z.strictObject({
  /** The second step of a password sign-in; without it, a passkey sign-in on its own. */
  challenge: challengeToken.optional(),
  via: sessionTransport.default('cookie'),
});
export const passkeyOptionsOutput = z.object({
  challenge: challengeToken,
  /** PublicKeyCredentialRequestOptionsJSON, for @simplewebauthn/browser's startAuthentication. */
  options: webauthnJson,
});
export const passkeySignInInput = z.strictObject({
  challenge: challengeToken,
  /** AuthenticationResponseJSON from startAuthentication. */
  response: webauthnJson,
});

export const passkeyName = z.string().trim().min(1).max(64);

export const passkeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  /** A synced passkey (multi-device), as the authenticator reported it. */
  synced: z.boolean(),
});

export const passkeyRegistrationOptionsInput = z.strictObject({ password: givenPassword });
export const passkeyRegistrationOptionsOutput = z.object({
  challenge: challengeToken,
  /** PublicKeyCredentialCreationOptionsJSON, for startRegistration. */
  options: webauthnJson,
});
export const passkeyRegisterInput = z.strictObject({
  challenge: challengeToken,
  name: passkeyName,
  /** RegistrationResponseJSON from startRegistration. */
  response: webauthnJson,
});
export const passkeyRenameInput = z.strictObject({
  id: z.string().min(1).max(1024),
  name: passkeyName,
});
export const passkeyRemoveInput = z.strictObject({
  id: z.string().min(1).max(1024),
  password: givenPassword,
});

export const RECOVERY_CODE_COUNT = 10;

export const factorStatus = z.object({
  totp: z.object({
    enabled: z.boolean(),
    enabledAt: z.iso.datetime().nullable(),
    recoveryCodesLeft: z.number().int(),
  }),
  passkeys: z.array(passkeyInfo),
});

/** Adding a factor needs the password again, so a stolen session cannot lock the owner out. */
export const totpBeginInput = z.strictObject({ password: givenPassword });
export const totpBeginOutput = z.object({
  /** The key in base32, for typing into an authenticator app. */
  secret: z.string(),
  /** The otpauth:// URI the QR code holds. */
  uri: z.string(),
  /** The QR code as an SVG document. */
  qrSvg: z.string(),
});
export const totpConfirmInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
/** Shown once: only their hashes are stored. */
export const recoveryCodesOutput = z.object({ recoveryCodes: z.array(z.string()) });
/** Turning TOTP off or renewing its recovery codes: the password and a code of the factor. */
export const factorProofInput = z.strictObject({ password: givenPassword, code: secondFactorCode });

/** Erasing the account needs the password, and a code when the account has TOTP. */
export const deleteAccountInput = z.strictObject({
  password: givenPassword,
  code: secondFactorCode.optional(),
});

/** What an administrator sees of a user's factors (never the keys). */
export const factorSummary = z.object({ totp: z.boolean(), passkeys: z.number().int() });
export const resetFactorsInput = z.strictObject({
  userId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  password: givenPassword,
});

export type SignInOutput = z.infer<typeof signInOutput>;
export type SecondFactorMethod = z.infer<typeof secondFactorMethod>;
export type PasskeyInfo = z.infer<typeof passkeyInfo>;
export type FactorStatus = z.infer<typeof factorStatus>;
export type FactorSummary = z.infer<typeof factorSummary>;
