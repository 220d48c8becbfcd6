import { isAccountGone, isDatabaseUnavailable } from '@acct/db';
import { ROLE_ADMIN } from '@acct/schema';
import { initTRPC } from '@trpc/server';
import type { Context } from './context.ts';
import { audit } from './domain/audit.ts';
import { resolveSession } from './domain/session.ts';
import { AppError, describeError, fail } from './errors.ts';

const t = initTRPC.context<Context>().create({
  // Never send stack traces, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const { kind, message, issues, retryAfterSeconds } = describeError(error);
    return {
      code: shape.code,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        kind,
        issues,
        retryAfterSeconds,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/**
 * A database that cannot serve now (restarting, overloaded) fails the call as UNAVAILABLE, which
 * every face answers with 503 and Retry-After, rather than as an internal error.
 */
const unavailable = () => new AppError('UNAVAILABLE', undefined, null, 1);
function unavailableAs503<R extends { ok: boolean; error?: { cause?: unknown } }>(result: R): R {
  if (!result.ok && isDatabaseUnavailable(result.error?.cause)) throw unavailable();
  return result;
}

export const publicProcedure = t.procedure.use(async ({ next }) => unavailableAs503(await next()));

/**
 * The signed-in caller, and the same 503 mapping, in one middleware level rather than stacked on
 * publicProcedure: tRPC copies its options and context at every level, which was ~6 % of a cheap
 * REST read's CPU (issue 15 profile).
 */
export const authedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const auth = await resolveSession(ctx.services, ctx.token).catch((error: unknown) => {
    throw isDatabaseUnavailable(error) ? unavailable() : error;
  });
  if (!auth) return fail('NOT_LOGGED_IN');
  const result = unavailableAs503(await next({ ctx: { user: auth.user, session: auth.session } }));
  // A write for the account after another request erased it: its sessions went with it.
  if (!result.ok && isAccountGone(result.error.cause)) fail('NOT_LOGGED_IN');
  return result;
});

/** Role is read from the database on every call, so a demotion takes effect at once. */
export const adminProcedure = authedProcedure.use(async ({ ctx, next, path }) => {
  if (ctx.user.role !== ROLE_ADMIN) {
    // ASVS 7.2.2: a refused access-control decision is a security event.
    await audit(ctx.services, ctx.client, {
      kind: 'access_denied',
      outcome: 'refused',
      userId: ctx.user.id,
      detail: { procedure: path },
    });
    return fail('FORBIDDEN');
  }
  return next();
});
