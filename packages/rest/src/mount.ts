import type { Services } from '@acct/api';
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { callerFor } from './caller.ts';
import { HttpKindError, readFormData } from '@acct/http';
import type { RestRoute } from './route.ts';

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** What a dialect decides: where a route's raw input comes from, and how a success is wrapped. */
export interface Dialect {
  face: 'entry' | 'mall';
  input: (request: FastifyRequest) => unknown;
  ok: (result: unknown, message: string | null) => unknown;
}

async function multipartInput(request: FastifyRequest): Promise<Record<string, unknown>> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) return {};
  const form = await readFormData(contentType, request.body as AsyncIterable<Uint8Array>);
  return Object.fromEntries(form.entries());
}

/** Registers each route on the dialect's scope: raw input → route (schema, procedures) → envelope. */
export function mountRoutes(
  app: FastifyInstance,
  services: Services,
  routes: RestRoute[],
  dialect: Dialect,
): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const raw = route.multipart ? await multipartInput(request) : dialect.input(request);
        const { result, message } = await route.handle(
          callerFor(services, request, reply, dialect.face),
          raw,
          request,
        );
        return dialect.ok(result, message);
      },
    });
  }
}

/**
 * The documented paths belong to the adapter for every method: an undocumented method is a
 * 405 in the dialect's envelope (never the SPA, never a silent 404).
 */
export function refuseOtherMethods(app: FastifyInstance, allowed: Map<string, Set<string>>): void {
  for (const [path, methods] of allowed) {
    const others = METHODS.filter((method) => !methods.has(method));
    if (others.length === 0) continue;
    app.route({
      method: others,
      url: path,
      handler: async () => {
        throw new HttpKindError('METHOD_NOT_ALLOWED');
      },
    });
  }
}

export const methodsByPath = (
  routes: { path: string; method: string }[],
  extra: [string, string][] = [],
) => {
  const map = new Map<string, Set<string>>();
  for (const [path, method] of [...routes.map((r) => [r.path, r.method] as const), ...extra]) {
    map.set(path, (map.get(path) ?? new Set()).add(method));
  }
  return map;
};
