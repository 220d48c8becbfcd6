import type { AppRouter } from '@acct/api';
import { type ErrorKind, isErrorKind } from '@acct/schema';
import {
  TRPCClientError,
  createTRPCClient,
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  splitLink,
} from '@trpc/client';

// `import type` only: the router's code never reaches a browser bundle through this package.
export type { AppRouter, RouterInputs, RouterOutputs } from '@acct/api';

export interface ClientOptions {
  /** Base URL of the server, e.g. `http://localhost:3000` (the client calls `<url>/trpc`). */
  url: string;
  /** A session token from `auth.login({ …, via: 'token' })`, or a getter for the current one. */
  token?: string | (() => string | null | undefined);
  /** Custom fetch (tests, proxies); defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}

/**
 * The typed client: every procedure of the server with its input and output types.
 * In a browser on the server's origin, leave `token` out: the session cookie is sent.
 */
export function createClient({ url, token, fetch }: ClientOptions) {
  const endpoint = `${url.replace(/\/+$/, '')}/trpc`;
  const headers = () => {
    const value = typeof token === 'function' ? token() : token;
    return value ? { authorization: `Bearer ${value}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        // FormData (picture upload) cannot be batched; everything else is.
        condition: (op) => isNonJsonSerializable(op.input),
        true: httpLink({ url: endpoint, headers, fetch }),
        false: httpBatchLink({ url: endpoint, headers, fetch, maxURLLength: 2048, maxItems: 10 }),
      }),
    ],
  });
}

export type Client = ReturnType<typeof createClient>;

/** The kind from the shared error table behind a failed call, or null if it is not one of ours. */
export function errorKind(error: unknown): ErrorKind | null {
  if (!(error instanceof TRPCClientError)) return null;
  const kind: unknown = (error.data as { kind?: unknown } | undefined)?.kind;
  return isErrorKind(kind) ? kind : null;
}

export { TRPCClientError };
export { uploadPicture } from './upload.ts';
