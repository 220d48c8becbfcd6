import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { ceilingPort } from './config.ts';
import { ceilingContext, ceilingRouter } from './trpc-ceiling-router.ts';

// A library ceiling: tRPC's standalone adapter on bare node:http (no Fastify), answering the same
// trivial query. It too makes a fetch Request of each request, and writes the fetch Response's
// body through a WritableStream.
createHTTPServer({
  basePath: '/trpc/',
  router: ceilingRouter,
  createContext: ({ req }) => ceilingContext(req.headers),
}).listen(ceilingPort(), '127.0.0.1');
