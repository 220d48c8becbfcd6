import type { IncomingHttpHeaders } from 'node:http';
import { tokenFromHeaders } from './domain/session-token.ts';
import type { Services } from './services.ts';

/** Only look-ups by name: a fetch `Headers`, or a cheap view of Node's header object. */
export type HeaderReader = Pick<Headers, 'get'>;

/** What the transport knows about a request; no adapter type leaks in. */
export interface RequestInfo {
  headers: HeaderReader;
  /** Client address as the server trusts it (proxy headers only from configured proxies). */
  ip?: string | null;
  /** Adds a Set-Cookie header to the response. */
  setCookie?: (cookie: string) => void;
}

export function createContext(services: Services, request: RequestInfo) {
  return {
    services,
    token: tokenFromHeaders(request.headers, services.config.cookieSecure),
    client: {
      ip: request.ip ?? null,
      userAgent: request.headers.get('user-agent')?.slice(0, 256) ?? null,
    },
    setCookie: request.setCookie ?? (() => {}),
  };
}

export type Context = ReturnType<typeof createContext>;

/**
 * Node's header object read like fetch `Headers` (repeated headers joined, as fetch does),
 * without building one: a `Headers` validates every header on every request, and the context
 * only ever looks up three.
 */
export function nodeHeaders(incoming: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = incoming[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
