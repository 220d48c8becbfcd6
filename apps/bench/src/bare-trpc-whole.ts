import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { ceilingPort } from './config.ts';
import { ceilingContext, ceilingRouter } from './trpc-ceiling-router.ts';

// A library ceiling: tRPC's Fastify adapter as bare-trpc.ts has it, with an onSend hook that
// sends the adapter's fetch Response read whole (a string with a Content-Length, one write)
// instead of letting Fastify read its web stream chunk by chunk into a chunked answer. The
// leanest content path Fastify's own API allows around the official adapter; it gave less than
// a tenth (docs/BENCHMARKS.md, "tRPC's adapters"), so the server does not use it.
const app = Fastify();
app.addHook('onSend', async (_request, reply, payload) => {
  if (!(payload instanceof Response) || payload.body === null) return payload;
  void reply.code(payload.status);
  for (const [name, value] of payload.headers) void reply.header(name, value);
  return payload.text();
});
await app.register(fastifyTRPCPlugin, {
  prefix: '/trpc',
  trpcOptions: {
    router: ceilingRouter,
    createContext: ({ req }) => ceilingContext(req.headers),
  } satisfies FastifyTRPCPluginOptions<typeof ceilingRouter>['trpcOptions'],
});
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
