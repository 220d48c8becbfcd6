import type { ErrorKind } from '@acct/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ClassifiedError, classifyError } from './errors.ts';

/** How one face wraps an error (tRPC's envelope, a REST dialect's, or the plain one). */
export type Envelope = (error: ClassifiedError, request: FastifyRequest) => unknown;

export const plainEnvelope: Envelope = ({ kind, message }) => ({ error: { kind, message } });

/**
 * The 5xx refusals that are no fault of the server, and so are not logged per request, as the
 * tRPC face does not log them: a database that cannot serve (UNAVAILABLE; during an outage that
 * was one error line with a stack for every refused request, and /readyz logs the reason instead,
 * once per probe) and more password work than the cores can do in time (OVERLOADED, counted by
 * the metrics).
 */
const notFaults: ReadonlySet<ErrorKind> = new Set(['UNAVAILABLE', 'OVERLOADED']);

/**
 * Installs the error handler of a face (Fastify scopes it to the routes registered in the
 * same plugin). Server faults are logged with their stack; the response never carries it.
 */
export function useErrorEnvelope(app: FastifyInstance, envelope: Envelope): void {
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const classified = classifyError(error);
    if (classified.status >= 500 && !notFaults.has(classified.kind))
      request.log.error({ err: error }, 'request failed');
    if (classified.retryAfterSeconds !== null)
      reply.header('retry-after', String(classified.retryAfterSeconds));
    return reply.status(classified.status).send(envelope(classified, request));
  });
}
