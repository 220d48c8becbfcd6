import {
  adminUserView,
  auditPage,
  auditQueryInput,
  factorSummary,
  findUserInput,
  listUsersInput,
  listUsersOutput,
  resetFactorsInput,
  revokeSessionsInput,
  setDisabledInput,
  setRoleInput,
} from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import type { Services } from '../services.ts';
import { audit } from '../domain/audit.ts';
import { pageOf, toAuditEvent } from '../domain/audit-view.ts';
import { confirmPassword } from '../domain/confirm-password.ts';
import { toAdminRow, toProfile } from '../domain/user-view.ts';
import { fail } from '../errors.ts';
import { adminProcedure } from '../trpc.ts';

const target = async (services: Services, userId: number) =>
  (await services.repo.users.byId(userId)) ?? fail('USER_NOT_FOUND');

export const adminRouter = {
  /** One account by id or username (case-insensitive). */
  findUser: adminProcedure
    .input(findUserInput)
    .output(adminUserView)
    .query(async ({ ctx, input }) => {
      const { users } = ctx.services.repo;
      const user =
        'id' in input ? await users.byId(input.id) : await users.byUsername(input.username);
      // ASVS 8.3.5: who looked at which account, never the data itself.
      await audit(ctx.services, ctx.client, {
        kind: 'admin_view',
        outcome: user ? 'success' : 'failure',
        userId: user?.id,
        actorId: ctx.user.id,
        detail: {
          procedure: 'findUser',
          ...('id' in input ? { id: input.id } : { username: input.username }),
        },
      });
      return toProfile(ctx.services, user ?? fail('USER_NOT_FOUND'));
    }),

  /** Accounts by username prefix, one keyset page at a time (constant cost at any depth). */
  listUsers: adminProcedure
    .input(listUsersInput)
    .output(listUsersOutput)
    .query(async ({ ctx, input }) => {
      const rows = await ctx.services.repo.users.list({
        prefix: input.prefix,
        after: input.cursor ?? null,
        limit: input.limit + 1,
      });
      await audit(ctx.services, ctx.client, {
        kind: 'admin_view',
        outcome: 'success',
        actorId: ctx.user.id,
        detail: { procedure: 'listUsers', prefix: input.prefix, cursor: input.cursor ?? null },
      });
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        users: page.map(toAdminRow),
        nextCursor: rows.length > input.limit && last ? last.username.toLowerCase() : null,
      };
    }),

  setRole: adminProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => {
    await confirmPassword(ctx.services, ctx.client, ctx.user, input.password);
    const user = await target(ctx.services, input.userId);
    // An active administrator may lose that status only while another one remains: the
    // repository checks and writes in one atomic step, across instances too.
    const changed = await ctx.services.repo.users.setRole(user.id, input.role, ctx.services.now());
    if (!changed) fail('LAST_ADMIN');
    await audit(ctx.services, ctx.client, {
      kind: 'role_change',
      outcome: 'success',
      userId: user.id,
      actorId: ctx.user.id,
      detail: { role: input.role },
    });
    return toAdminRow({ ...user, role: input.role });
  }),

  /** A disabled account cannot log in through any face; its sessions end at once. */
  setDisabled: adminProcedure.input(setDisabledInput).mutation(async ({ ctx, input }) => {
    await confirmPassword(ctx.services, ctx.client, ctx.user, input.password);
    const user = await target(ctx.services, input.userId);
    const disabledAt = input.disabled ? ctx.services.now() : null;
    const changed = await ctx.services.repo.users.setDisabled(
      user.id,
      disabledAt,
      ctx.services.now(),
    );
    if (!changed) fail('LAST_ADMIN');
    ctx.services.credentials.forget(user.id);
    await audit(ctx.services, ctx.client, {
      kind: 'status_change',
      outcome: 'success',
      userId: user.id,
      actorId: ctx.user.id,
      detail: { disabled: input.disabled },
    });
    return toAdminRow({ ...user, disabledAt });
  }),

  /** Whether the user has an authenticator app and how many passkeys: never the keys. */
  factors: adminProcedure
    .input(revokeSessionsInput)
    .output(factorSummary)
    .query(async ({ ctx, input }) => {
      const user = await target(ctx.services, input.userId);
      await audit(ctx.services, ctx.client, {
        kind: 'admin_view',
        outcome: 'success',
        userId: user.id,
        actorId: ctx.user.id,
        detail: { procedure: 'factors' },
      });
      return ctx.services.repo.factors.summary(user.id);
    }),

  /**
   * For a user who lost their phone or passkeys: every factor and recovery code goes, after the
   * administrator's password. The user learns of it at their next sign-in (a notice).
   */
  resetFactors: adminProcedure
    .input(resetFactorsInput)
    .output(factorSummary)
    .mutation(async ({ ctx, input }) => {
      await confirmPassword(ctx.services, ctx.client, ctx.user, input.password);
      const user = await target(ctx.services, input.userId);
      const removed = await ctx.services.repo.factors.removeAll(user.id);
      await audit(ctx.services, ctx.client, {
        kind: 'factors_reset',
        outcome: 'success',
        userId: user.id,
        actorId: ctx.user.id,
        detail: { totp: removed.totp, passkeys: removed.passkeys },
      });
      return removed;
    }),

  revokeSessions: adminProcedure.input(revokeSessionsInput).mutation(async ({ ctx, input }) => {
    const user = await target(ctx.services, input.userId);
    const ended = await ctx.services.repo.sessions.deleteForUser(user.id, null);
    await audit(ctx.services, ctx.client, {
      kind: 'sessions_revoke',
      outcome: 'success',
      userId: user.id,
      actorId: ctx.user.id,
      detail: { ended },
    });
    return { ended };
  }),

  /** The audit log, newest first: by account, kind and time, one keyset page at a time. Reading it is audited too. */
  auditLog: adminProcedure
    .input(auditQueryInput)
    .output(auditPage)
    .query(async ({ ctx, input }) => {
      const { users, audit: log } = ctx.services.repo;
      const named =
        input.username === undefined ? undefined : await users.byUsername(input.username);
      const rows = await log.list({
        userId: named?.id ?? input.userId,
        subject: input.username !== undefined && !named ? input.username.toLowerCase() : undefined,
        kinds: input.kind ? [input.kind] : undefined,
        from: input.from ? Date.parse(input.from) : undefined,
        to: input.to ? Date.parse(input.to) : undefined,
        beforeId: input.cursor ?? undefined,
        limit: input.limit + 1,
      });
      const { cursor, direction: _, ...filters } = input;
      await audit(ctx.services, ctx.client, {
        kind: 'admin_view',
        outcome: 'success',
        actorId: ctx.user.id,
        detail: { procedure: 'auditLog', ...filters, cursor: cursor ?? null },
      });
      return pageOf(rows, input.limit, toAuditEvent);
    }),
} satisfies TRPCRouterRecord;
