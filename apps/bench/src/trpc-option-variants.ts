import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { ceilingRouter } from './trpc-ceiling-router.ts';

type Options = Partial<FastifyTRPCPluginOptions<typeof ceilingRouter>['trpcOptions']>;

// tRPC v11's documented handler options (HTTPBaseHandlerOptions), one at a time, for the
// adapter ceilings: each shows what one option of our /trpc face costs, or what turning a
// default off would save.
const VARIANTS = {
  // Batch requests refused: resolveResponse skips nothing before the call, but says whether the
  // batch machinery (split paths, Promise.all over calls) is where the time goes.
  unbatched: { allowBatching: false },
  // Our face's batch cap (apps/server/src/plugins/trpc.ts).
  'max-batch': { maxBatchSize: 10 },
  // Our face's responseMeta: a fixed content type on every answer (and Retry-After, never here).
  'response-meta': {
    responseMeta: ({ eagerGeneration }) =>
      eagerGeneration ? {} : { headers: { 'content-type': 'application/json; charset=utf-8' } },
  },
  // An onError hook: runs only on failures, so a success should not pay for it.
  'on-error': { onError: () => undefined },
  // POST queries allowed as well as GET: only decides which methods pass.
  'method-override': { allowMethodOverride: true },
} satisfies Record<string, Options>;

type TrpcOptionVariant = keyof typeof VARIANTS;

/** The options of the variant named `name`; none for no name. */
export function trpcOptionVariant(name: string | undefined): Options {
  if (name === undefined || name === '') return {};
  if (!(name in VARIANTS)) throw new Error(`no tRPC option variant ${name}`);
  return VARIANTS[name as TrpcOptionVariant];
}
