import { sessionInfo, signOutOthersInput } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../domain/audit.ts';
import { confirmPassword } from '../domain/confirm-password.ts';
import { authedProcedure } from '../trpc.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export const sessionsRouter = {
  /** The caller's live sessions, oldest first, the current one marked. */
  list: authedProcedure.output(z.array(sessionInfo)).query(async ({ ctx }) => {
    const rows = await ctx.services.repo.sessions.listForUser(ctx.user.id, ctx.services.now());
    return rows.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: iso(s.createdAt),
      lastSeenAt: iso(s.lastSeenAt),
      current: s.id === ctx.session.id,
    }));
  }),

  /** "Sign out everywhere else": every session but this one ends, after the password is re-entered. */
  signOutOthers: authedProcedure.input(signOutOthersInput).mutation(async ({ ctx, input }) => {
    await confirmPassword(ctx.services, ctx.client, ctx.user, input.password);
    const ended = await ctx.services.repo.sessions.deleteForUser(ctx.user.id, ctx.session.id);
    await audit(ctx.services, ctx.client, {
      kind: 'sessions_revoke',
      outcome: 'success',
      userId: ctx.user.id,
      detail: { ended, others: true },
    });
    return { ended };
  }),
} satisfies TRPCRouterRecord;
