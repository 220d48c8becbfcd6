import type { IncomingHttpHeaders } from 'node:http';
import { tokenFromHeaders } from './domain/session-token.ts';
import type { Services } from './services.ts';

/** What the transport knows about a request; plain Headers, so no adapter type leaks in. */
export interface RequestInfo {
  headers: Headers;
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

/** Node's header object as fetch `Headers` (repeated headers are joined, as fetch does). */
export function nodeHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
