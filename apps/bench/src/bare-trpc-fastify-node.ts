import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import Fastify from 'fastify';
import { ceilingPort } from './config.ts';
import { ceilingContext, ceilingRouter } from './trpc-ceiling-router.ts';

// A library ceiling: Fastify's routing with tRPC's node-http adapter (the one the standalone and
// Express adapters use) writing the answer to node's response itself, the reply hijacked: whether
// Fastify's reply.send of a fetch Response (a web stream read chunk by chunk) is the cost.
const app = Fastify();
app.all('/trpc/:path', async (request, reply) => {
  reply.hijack();
  await nodeHTTPRequestHandler({
    req: request.raw,
    res: reply.raw,
    path: (request.params as { path: string }).path,
    router: ceilingRouter,
    createContext: ({ req }) => ceilingContext(req.headers),
  });
});
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
