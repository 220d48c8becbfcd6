import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { ceilingPort, trpcVariant } from './config.ts';
import { ceilingContext, ceilingRouter } from './trpc-ceiling-router.ts';
import { trpcOptionVariant } from './trpc-option-variants.ts';

// A library ceiling: the /trpc face's shape without our rules or data — Fastify with tRPC's own
// Fastify adapter answering one trivial query (the adapter turns each request into a fetch
// Request and its answer into a fetch Response). TRPC_VARIANT (trpc-option-variants.ts) adds one
// documented handler option, to see what that option costs or saves; unset, none.
const app = Fastify();
await app.register(fastifyTRPCPlugin, {
  prefix: '/trpc',
  trpcOptions: {
    router: ceilingRouter,
    createContext: ({ req }) => ceilingContext(req.headers),
    ...trpcOptionVariant(trpcVariant()),
  } satisfies FastifyTRPCPluginOptions<typeof ceilingRouter>['trpcOptions'],
});
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
