import { type ErrorKind, errors, kindForTrpcCode } from '@acct/schema';
import { isAccountGone, isDatabaseUnavailable } from '@acct/db';
import { TRPCError, getTRPCErrorFromUnknown } from '@trpc/server';

export interface Issue {
  path: string;
  message: string;
}

/** A failure with a name from the shared error table; every face translates the kind. */
export class AppError extends TRPCError {
  constructor(
    readonly kind: ErrorKind,
    message: string = errors[kind].en,
    /** For argument errors raised outside a schema: which fields were wrong. */
    readonly issues: Issue[] | null = null,
    /** For RATE_LIMITED and OVERLOADED: when to try again, in whole seconds (the faces send `Retry-After`). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super({ code: errors[kind].trpc, message });
    this.name = 'AppError';
  }
}

export const fail = (kind: ErrorKind, message?: string): never => {
  throw new AppError(kind, message);
};

/**
 * A `.catch` for a write about an account that another request erased meanwhile (isAccountGone):
 * it fails as `kind`, the answer the request would have had without the account; other errors pass.
 */
export const whenAccountGone =
  (kind: ErrorKind) =>
  (error: unknown): never => {
    if (isAccountGone(error)) fail(kind);
    throw error;
  };

/** RATE_LIMITED until `retryAt` (epoch ms). */
export const rateLimited = (retryAt: number, now: number): never => {
  throw new AppError(
    'RATE_LIMITED',
    undefined,
    null,
    Math.max(1, Math.ceil((retryAt - now) / 1000)),
  );
};

/** zod (and any Standard Schema) failures carry `issues`; flattened to path + message. */
function validationIssues(cause: unknown): Issue[] | null {
  if (
    typeof cause !== 'object' ||
    cause === null ||
    !('issues' in cause) ||
    !Array.isArray(cause.issues)
  )
    return null;
  return (cause.issues as { path?: PropertyKey[]; message: string }[]).map((issue) => ({
    path: (issue.path ?? []).map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * The one translation of any thrown error into a kind and a safe message, used by the
 * tRPC error formatter and by the REST adapter alike.
 */
export interface DescribedError {
  kind: ErrorKind;
  message: string;
  issues: Issue[] | null;
  retryAfterSeconds: number | null;
}

/** The database is restarting or overloaded: a moment's wait is worth it, so say how long. */
const databaseUnavailable: DescribedError = {
  kind: 'UNAVAILABLE',
  message: errors.UNAVAILABLE.en,
  issues: null,
  retryAfterSeconds: 1,
};

export function describeError(thrown: unknown): DescribedError {
  const error = getTRPCErrorFromUnknown(thrown);
  if (error instanceof AppError) {
    return {
      kind: error.kind,
      message: error.message,
      issues: error.issues,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  // A body that is not JSON at all: tRPC's parser throws a SyntaxError with the parser's text.
  if (error.cause instanceof SyntaxError) {
    return {
      kind: 'MALFORMED_REQUEST',
      message: errors.MALFORMED_REQUEST.en,
      issues: null,
      retryAfterSeconds: null,
    };
  }
  if (isDatabaseUnavailable(error.cause)) return databaseUnavailable;
  const issues = validationIssues(error.cause);
  if (issues) {
    const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return { kind: 'INVALID_ARGUMENT', message, issues, retryAfterSeconds: null };
  }
  const kind = kindForTrpcCode(error.code);
  // Nothing of a library, SQL statement or file path leaves the server.
  return {
    kind,
    message: kind === 'INTERNAL' ? errors.INTERNAL.en : error.message,
    issues: null,
    retryAfterSeconds: null,
  };
}
