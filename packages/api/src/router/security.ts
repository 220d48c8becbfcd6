import { ownEventsInput, ownEventsPage } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { pageOf, toOwnEvent } from '../domain/audit-view.ts';
import { authedProcedure } from '../trpc.ts';

export const securityRouter = {
  /** The caller's own security events from the audit log, newest first (sign-ins, changes, lockouts). */
  events: authedProcedure
    .input(ownEventsInput)
    .output(ownEventsPage)
    .query(async ({ ctx, input }) => {
      const rows = await ctx.services.repo.audit.list({
        userId: ctx.user.id,
        beforeId: input.cursor ?? undefined,
        limit: input.limit + 1,
      });
      return pageOf(rows, input.limit, toOwnEvent);
    }),
} satisfies TRPCRouterRecord;
