import { z } from 'zod';

/** 3–32 of ASCII letters, digits, `_`, `.`, `-`; unique without regard to case. */
export const username = z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, '3–32 letters, digits, _ . -');

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * Why a new plaintext password is refused, or null. NIST SP 800-63B: length only (in
 * characters, so an emoji counts once), no composition rules, and not the username.
 * The server applies it wherever a plaintext password arrives; the SPA shows it as you type.
 */
export function newPasswordProblem(
  password: string,
  username: string,
): 'length' | 'username' | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) return 'length';
  if (password.toLowerCase() === username.toLowerCase()) return 'username';
  return null;
}

/** A new plaintext password; the rule itself is `newPasswordProblem`, checked with the username. */
export const newPassword = z
  .string()
  .min(1)
  .max(1024)
  .describe('8–128 characters, not the username');

/** A password offered at login: never truncated, bounded only against abuse. */
export const givenPassword = z.string().min(1).max(1024);

/** The canonical form the entry dialect sends: lowercase hex md5 of the UTF-8 plaintext. */
export const passwordMd5 = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'Expected the md5 of the password, 32 hex characters')
  .transform((hex) => hex.toLowerCase());

// No control characters (C0, DEL, C1): they break logs and displays and are never meant.
const noControlChars = (value: string) => !/\p{Cc}/u.test(value);

/** Any Unicode text up to 64 characters (code points, so emoji count as one). */
export const nickname = z
  .string()
  .refine((v) => [...v].length <= 64, 'at most 64 characters')
  .refine(noControlChars, 'no control characters');

export const email = z.email().max(254);
export const phone = z
  .string()
  .regex(/^\+?[0-9][0-9 -]{2,22}$/, 'digits, spaces, dashes, optional leading +');
export const question = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine(noControlChars, 'no control characters');
export const answer = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine(noControlChars, 'no control characters');

export const role = z.union([z.literal(0), z.literal(1)]);
export const ROLE_CUSTOMER = 0;
export const ROLE_ADMIN = 1;

export const registerInput = z.strictObject({
  username,
  password: newPassword,
  email,
  phone: phone.optional(),
  question,
  answer,
});

export const availabilityInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('username'), value: username }),
  z.strictObject({ type: z.literal('email'), value: email }),
]);
export const availabilityOutput = z.object({ available: z.boolean() });

/** What everyone may see of an account in their own session. */
export const sessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  nickname: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role,
  pictureUrl: z.string().nullable(),
});

/** The full profile of the signed-in user. */
export const profile = sessionUser.extend({
  question: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** Only the fields a user may change; the username, role and password never change here. */
export const updateProfileInput = z
  .strictObject({
    nickname: nickname.optional(),
    email: email.optional(),
    phone: phone.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to update');

export const changePasswordInput = z.strictObject({
  oldPassword: givenPassword,
  newPassword,
});

export type RegisterInput = z.infer<typeof registerInput>;
export type SessionUser = z.infer<typeof sessionUser>;
export type Profile = z.infer<typeof profile>;
export type Role = z.infer<typeof role>;
