import { type Issue, describeError } from '@acct/api';
import { isDatabaseUnavailable } from '@acct/db';
import { type ErrorKind, errors, kindForHttpStatus } from '@acct/schema';
import { TRPCError } from '@trpc/server';

/** A transport-level refusal that carries its kind, so each face renders it in its own envelope. */
export class HttpKindError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly statusCode: number = errors[kind].http ?? 400,
    message: string = errors[kind].en,
  ) {
    super(message);
    this.name = 'HttpKindError';
  }
}

export interface ClassifiedError {
  kind: ErrorKind;
  status: number;
  message: string;
  issues: Issue[] | null;
  /** Seconds for `Retry-After` (throttle refusals). */
  retryAfterSeconds: number | null;
}

/**
 * Any error that reached Fastify's error handler as a kind of the shared table and an HTTP
 * status. Procedure failures (from a server-side caller) are business outcomes: HTTP 200 unless
 * the table gives the kind a protocol status (429, 500, …). Fastify's own failures (body
 * parsing, limits) keep their 4xx. Above 499 the message is generic: no stack, SQL, path or
 * library text leaves the server.
 */
export function classifyError(error: Error & { statusCode?: number }): ClassifiedError {
  if (error instanceof HttpKindError) {
    return {
      kind: error.kind,
      status: error.statusCode,
      message: error.message,
      issues: null,
      retryAfterSeconds: null,
    };
  }
  if (
    error instanceof TRPCError ||
    ('issues' in error && Array.isArray(error.issues)) ||
    isDatabaseUnavailable(error)
  ) {
    const described = describeError(error);
    return { ...described, status: errors[described.kind].http ?? 200 };
  }
  const status = error.statusCode ?? 500;
  const kind = kindForHttpStatus(status);
  return {
    kind,
    status: status >= 400 && status < 600 ? status : 500,
    message: errors[kind].en,
    issues: null,
    retryAfterSeconds: null,
  };
}
