import { type ErrorKind, errors } from '@acct/schema';
import type { FastifyError } from 'fastify';

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
}

/**
 * Any error that reached Fastify's error handler (body parsing, limits, hooks, bugs) as a
 * kind of the shared table and an HTTP status. Above 499 the message is generic: no stack,
 * SQL, path or library text leaves the server.
 */
export function classifyHttpError(error: FastifyError | HttpKindError): ClassifiedError {
  if (error instanceof HttpKindError) return { kind: error.kind, status: error.statusCode, message: error.message };
  const status = error.statusCode ?? 500;
  const kind: ErrorKind =
    status === 413
      ? 'PAYLOAD_TOO_LARGE'
      : status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : status === 429
          ? 'RATE_LIMITED'
          : status === 404
            ? 'NOT_FOUND'
            : status >= 400 && status < 500
              ? 'MALFORMED_REQUEST'
              : 'INTERNAL';
  return { kind, status: status >= 400 && status < 600 ? status : 500, message: errors[kind].en };
}
