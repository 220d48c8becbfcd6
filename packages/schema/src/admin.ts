import { z } from 'zod';
import { profile, username } from './user.ts';

export const findUserInput = z.union([
  z.strictObject({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ username }),
]);

export const adminUserView = profile;
export type FindUserInput = z.infer<typeof findUserInput>;
