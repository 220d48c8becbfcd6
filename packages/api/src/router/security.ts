import { ownEventsInput, ownEventsPage } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { audit } from '../domain/audit.ts';
import { pageOf, toOwnEvent } from '../domain/audit-view.ts';
import { exportUserData } from '../domain/export-data.ts';
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

  /**
   * Download my data (GDPR art. 15): profile, sessions, factors' metadata and own events, never a
   * secret or a hash. A mutation, not a query: it is audited, and no prefetch should run it.
   */
  exportData: authedProcedure.mutation(async ({ ctx }) => {
    const data = await exportUserData(ctx.services, ctx.user, ctx.session.id);
    await audit(ctx.services, ctx.client, {
      kind: 'data_export',
      outcome: 'success',
      userId: ctx.user.id,
    });
    return data;
  }),
} satisfies TRPCRouterRecord;
