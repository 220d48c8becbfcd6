import { initTRPC } from '@trpc/server';

// The one trivial query every tRPC adapter ceiling answers, so that the adapters alone differ:
// auth.session's shape, with a context read from the Authorization header.
export type CeilingContext = { token: string | null };

const t = initTRPC.context<CeilingContext>().create();
export const ceilingRouter = t.router({
  session: t.procedure.query(({ ctx }) => ({
    id: 1,
    username: ctx.token ? 'seed00000001' : '',
    nickname: '',
    role: 0,
  })),
});

/** The context from a request's headers, whatever the adapter's request type. */
export const ceilingContext = (headers: {
  authorization?: string | undefined;
}): CeilingContext => ({
  token: headers.authorization ?? null,
});
