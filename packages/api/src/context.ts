import type { IncomingHttpHeaders } from 'node:http';
import type { AuditFace } from '@acct/schema';
import { tokenFromHeaders } from './domain/session-token.ts';
import type { Services } from './services.ts';

/** Only look-ups by name: a fetch `Headers`, or a cheap view of Node's header object. */
export type HeaderReader = Pick<Headers, 'get'>;

/** What the transport knows about a request; no adapter type leaks in. */
export interface RequestInfo {
  headers: HeaderReader;
  /** Client address as the server trusts it (proxy headers only from configured proxies). */
  ip?: string | null;
  /** Which face the request came through (the audit log records it); tRPC unless said. */
  face?: AuditFace;
  /** The transport's id of this request, so audit events match log lines. */
  requestId?: string | null;
  /** Adds a Set-Cookie header to the response. */
  setCookie?: (cookie: string) => void;
}

/** Who is asking, as far as the transport can tell; recorded with sessions and audit events. */
export interface Client {
  ip: string | null;
  userAgent: string | null;
  face: AuditFace;
  requestId: string | null;
}

export function createContext(services: Services, request: RequestInfo) {
  return {
    services,
    token: tokenFromHeaders(request.headers, services.config.cookieSecure),
    client: {
      ip: request.ip ?? null,
      userAgent: request.headers.get('user-agent')?.slice(0, 256) ?? null,
      face: request.face ?? 'trpc',
      requestId: request.requestId ?? null,
    } satisfies Client,
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
