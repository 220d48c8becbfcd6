import type { Services } from '@acct/api';
import { HttpKindError } from '@acct/http';
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { callerFor } from './caller.ts';
import type { Dialect } from './dialect.ts';
import { type Served, type SharedPath, memberFor, methodsOf } from './placement.ts';
import type { Method, RestRoute } from './route.ts';

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** One path and method, and which dialect's route answers a request there. */
export interface Endpoint {
  method: Method;
  path: string;
  refuseHead: boolean;
  serve: (request: FastifyRequest) => Served;
}

export const ownEndpoints = (dialect: Dialect, routes: RestRoute[]): Endpoint[] =>
  routes.map((route) => ({
    method: route.method,
    path: route.path,
    refuseHead: route.refuseHead ?? false,
    serve: () => ({ dialect, route }),
  }));

export const sharedEndpoints = (group: SharedPath): Endpoint[] =>
  methodsOf(group).map((method) => ({
    method,
    path: group.path,
    refuseHead: group.members.some((m) => m.route.method === method && m.route.refuseHead),
    serve: (request) => memberFor(group, method, request),
  }));

const refuse = async () => {
  throw new HttpKindError('METHOD_NOT_ALLOWED');
};

/** Registers each endpoint: raw input → route (schema, procedures) → the dialect's envelope. */
export function mountEndpoints(app: FastifyInstance, services: Services, endpoints: Endpoint[]) {
  for (const endpoint of endpoints) {
    if (endpoint.refuseHead) app.head(endpoint.path, refuse);
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      exposeHeadRoute: !endpoint.refuseHead,
      handler: async (request, reply) => {
        const { dialect, route } = endpoint.serve(request);
        const { result, message } = await route.handle(
          callerFor(services, request, reply, dialect.name),
          () => dialect.readInput(request, route),
          request,
        );
        return route.bare ? result : dialect.ok(result, message);
      },
    });
  }
}

/**
 * The documented paths belong to the adapter for every method: an undocumented method is a
 * 405 in the dialect's envelope (never the SPA, never a silent 404).
 */
export function refuseOtherMethods(app: FastifyInstance, endpoints: Endpoint[]): void {
  const answered = new Map<string, Set<string>>();
  for (const { path, method } of endpoints)
    answered.set(path, (answered.get(path) ?? new Set()).add(method));
  for (const [path, methods] of answered) {
    const others = METHODS.filter((method) => !methods.has(method));
    if (others.length > 0) app.route({ method: others, url: path, handler: refuse });
  }
}
