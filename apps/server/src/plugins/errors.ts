import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type ClassifiedError, classifyHttpError } from '../http-errors.ts';

/** How one face wraps an error kind (tRPC's envelope, a REST dialect's, or the plain one). */
export type Envelope = (error: ClassifiedError) => unknown;

export const plainEnvelope: Envelope = ({ kind, message }) => ({ error: { kind, message } });

/**
 * Installs the error handler of a face (Fastify scopes it to the routes registered in the
 * same plugin). Server faults are logged with their stack; the response never carries it.
 */
export function useErrorEnvelope(app: FastifyInstance, envelope: Envelope): void {
  app.setErrorHandler((error: FastifyError, request, reply: FastifyReply) => {
    const classified = classifyHttpError(error);
    if (classified.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(classified.status).send(envelope(classified));
  });
}
