import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import type { DialectName } from './dialect.ts';

type DialectPicker = (request: FastifyRequest) => DialectName;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which REST dialect answers a request on this route (set by the REST plugin only). */
    restDialect?: DialectPicker;
  }
}

/**
 * Marks every route of a REST scope (its 405 and HEAD refusals too) with the dialect that
 * answers there, so that whoever observes requests (the server's metrics) can name the face
 * without knowing the paths or the prefixes. A function, because on a shared path the request
 * decides (see shared-logout.ts).
 */
export function markDialect(app: FastifyInstance, pick: DialectPicker): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, restDialect: pick };
  });
}

/**
 * The dialect that answered (or answers) a request; null outside the REST routes. `config` is
 * the route's, for a caller that has read it already (Fastify builds `routeOptions` anew on
 * every read).
 */
export const restDialectOf = (
  request: FastifyRequest,
  config: FastifyContextConfig = request.routeOptions.config,
): DialectName | null => config.restDialect?.(request) ?? null;
