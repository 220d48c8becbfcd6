import { appRouter } from '@acct/api';
import type { FastifyRequest } from 'fastify';
import type { RouteConfig } from './face.ts';

/** The router's procedures by their dotted names (`auth.login`). */
const procedures = new Set(Object.keys(appRouter._def.procedures));

/**
 * The procedure a tRPC path names: `a` or a batch of only `a` is `a`, a batch of several is
 * `batch`, and any name the router lacks makes it `unknown`, so what a client writes in the
 * URL never becomes a label of its own.
 */
function procedureLabel(path: string): string {
  const names = path.split(',');
  if (!names.every((name) => procedures.has(name))) return 'unknown';
  return names.every((name) => name === names[0]) ? names[0]! : 'batch';
}

/**
 * A label of bounded cardinality for the route that answered: its pattern (`/pictures/:name`),
 * never the URL; the procedure on tRPC's one route; `unmatched` for the not-found handler.
 */
export function routeLabel(request: FastifyRequest, config: RouteConfig): string {
  const pattern = config.url;
  if (pattern === undefined) return 'unmatched';
  if (config.face === 'trpc') {
    const { path } = request.params as { path?: unknown };
    return typeof path === 'string' ? procedureLabel(path) : 'unknown';
  }
  return pattern;
}
