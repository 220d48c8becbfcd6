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
