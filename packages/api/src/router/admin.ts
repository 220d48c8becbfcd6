import { adminUserView, findUserInput } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { toProfile } from '../domain/user-view.ts';
import { fail } from '../errors.ts';
import { adminProcedure } from '../trpc.ts';

export const adminRouter = {
  /** One account by id or username (case-insensitive). */
  findUser: adminProcedure
    .input(findUserInput)
    .output(adminUserView)
    .query(async ({ ctx, input }) => {
      const { users } = ctx.services.repo;
      const user = 'id' in input ? await users.byId(input.id) : await users.byUsername(input.username);
      return toProfile(ctx.services, user ?? fail('USER_NOT_FOUND'));
    }),
} satisfies TRPCRouterRecord;
