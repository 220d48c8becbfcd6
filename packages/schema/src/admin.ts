import { z } from 'zod';
import { givenPassword, profile, role, username } from './user.ts';

export const findUserInput = z.union([
  z.strictObject({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ username }),
]);

export const adminUserView = profile;
export type FindUserInput = z.infer<typeof findUserInput>;

const userId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const ADMIN_PAGE_MAX = 100;

/** A keyset page: `cursor` is the `nextCursor` of the previous page. No offsets. */
export const listUsersInput = z.strictObject({
  /** Matched literally against the start of the username, ignoring case. */
  prefix: z.string().max(32).default(''),
  cursor: z.string().max(32).nullish(),
  limit: z.number().int().min(1).max(ADMIN_PAGE_MAX).default(20),
  /** tRPC's infinite queries send it; pages only go forward. */
  direction: z.literal('forward').optional(),
});

export const adminUserRow = z.object({
  id: z.number().int(),
  username: z.string(),
  nickname: z.string(),
  email: z.string().nullable(),
  role,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const listUsersOutput = z.object({
  users: z.array(adminUserRow),
  nextCursor: z.string().nullable(),
});

/** High-impact changes need the acting administrator's password again (ASVS 4.3.3). */
export const setRoleInput = z.strictObject({ userId, role, password: givenPassword });
export const setDisabledInput = z.strictObject({
  userId,
  disabled: z.boolean(),
  password: givenPassword,
});
export const revokeSessionsInput = z.strictObject({ userId });

export type AdminUserRow = z.infer<typeof adminUserRow>;
