import { initTRPC } from '@trpc/server';
import Fastify from 'fastify';
import { ceilingPort } from './config.ts';

// A library ceiling: the REST adapter's shape without our rules or data — a Fastify route that
// builds a context and calls a trivial tRPC procedure through a server-side caller per request.
const t = initTRPC.context<{ token: string | null }>().create();
const router = t.router({
  me: t.procedure.query(({ ctx }) => ({
    nickname: '',
    profile_picture: '',
    username: ctx.token ? 'seed00000001' : '',
  })),
});
const createCaller = t.createCallerFactory(router);
const app = Fastify();
app.get('/', async (request) => {
  const caller = createCaller({ token: request.headers.authorization ?? null });
  return { code: 0, msg: '', result: await caller.me() };
});
await app.listen({ port: ceilingPort(), host: '127.0.0.1' });
