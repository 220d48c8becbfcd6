import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import Fastify from 'fastify';
import { ceilingPort } from './config.ts';
import { ceilingContext, ceilingRouter } from './trpc-ceiling-router.ts';

// A library ceiling: a Fastify route hosting tRPC's fetch adapter, the answer's body read whole
// (Response.text()) and sent by Fastify as a string (one write, a Content-Length), where the
// Fastify adapter hands Fastify the fetch Response and Fastify reads its web stream chunk by
// chunk into a chunked answer.
const app = Fastify();
app.all('/trpc/:path', async (request, reply) => {
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    req: incomingMessageToRequest(request.raw, reply.raw, { maxBodySize: null }),
    router: ceilingRouter,
    createContext: () => ceilingContext(request.headers),
  });
  void reply.code(response.status);
  for (const [name, value] of response.headers) void reply.header(name, value);
  return response.text();
});
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
