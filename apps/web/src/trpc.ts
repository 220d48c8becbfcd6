import { createClient, errorKind } from '@acct/client';
import type { AppRouter } from '@acct/client';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';

// Module singletons (tRPC's "set up without React context"): one client, one cache per tab.
// The session lives in an HttpOnly cookie: the browser sends it, no script ever holds a token.
export const client = createClient({ url: globalThis.location?.origin ?? 'http://localhost' });

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A named failure (not signed in, forbidden, …) is an answer, not a glitch: no retry.
      retry: (failures, error) => failures < 2 && errorKind(error) === null,
      staleTime: 15_000,
      refetchOnWindowFocus: false,
    },
  },
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });
