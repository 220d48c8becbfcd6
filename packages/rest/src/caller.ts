import { type Services, createCaller, createContext, nodeHeaders } from '@acct/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DialectName } from './dialect.ts';

/** The tRPC procedures, called in-process for one HTTP request: same context, same rules. */
export function callerFor(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  face: DialectName,
) {
  return createCaller(
    createContext(services, {
      headers: nodeHeaders(request.headers),
      ip: request.ip,
      face,
      requestId: request.id,
      setCookie: (cookie) => void reply.header('set-cookie', cookie),
    }),
  );
}

export type Caller = ReturnType<typeof callerFor>;
