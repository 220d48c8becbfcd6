import { vi } from 'vitest';

/** Thrown by a handler: answered as the server's error formatter would (kind and data fields). */
export class Refusal extends Error {
  constructor(
    readonly kind: string,
    readonly code: string,
    readonly httpStatus: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(kind);
  }
}

/** The URL a fetch call was given, whichever form it came in. */
export const urlOf = (input: string | URL | Request): string =>
  input instanceof Request ? input.url : input.toString();

export interface Call {
  path: string;
  input: unknown;
}

/**
 * Answers the SPA's tRPC calls in jsdom as the server does over HTTP (batched GET or POST,
 * JSON without a transformer), one handler per procedure path, and records every call. The
 * real server's answers are checked by the e2e tests; this is for screens' own behaviour.
 */
export function fakeServer(handlers: Record<string, (input: unknown) => unknown>): Call[] {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (request, init) => {
    const url = new URL(urlOf(request));
    const paths = url.pathname.replace(/^\/trpc\//, '').split(',');
    const inputs = JSON.parse(
      init?.method === 'POST' && typeof init.body === 'string'
        ? init.body
        : (url.searchParams.get('input') ?? '{}'),
    ) as Record<string, unknown>;
    const answers = paths.map((path, i) => {
      const input = inputs[String(i)];
      calls.push({ path, input });
      const handler = handlers[path];
      if (!handler)
        return {
          error: {
            message: 'no handler',
            code: -32603,
            data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, path, kind: 'INTERNAL' },
          },
        };
      try {
        return { result: { data: handler(input) } };
      } catch (thrown) {
        if (!(thrown instanceof Refusal)) throw thrown;
        const { kind, code, httpStatus, extra } = thrown;
        return {
          error: {
            message: kind,
            code: -32600,
            data: { code, httpStatus, path, kind, issues: null, retryAfterSeconds: null, ...extra },
          },
        };
      }
    });
    return new Response(JSON.stringify(answers), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}
