import { initTRPC } from '@trpc/server';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { ceilingPort } from './config.ts';

// A library ceiling: the /trpc face's shape without our rules or data — Fastify with tRPC's own
// Fastify adapter answering one trivial query (the adapter turns each request into a fetch
// Request and its answer into a fetch Response).
const t = initTRPC.context<{ token: string | null }>().create();
const router = t.router({
  session: t.procedure.query(({ ctx }) => ({
    id: 1,
    username: ctx.token ? 'seed00000001' : '',
    nickname: '',
    role: 0,
  })),
});
const app = Fastify();
await app.register(fastifyTRPCPlugin, {
  prefix: '/trpc',
  trpcOptions: {
    router,
    createContext: ({ req }) => ({ token: req.headers.authorization ?? null }),
  } satisfies FastifyTRPCPluginOptions<typeof router>['trpcOptions'],
});
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
