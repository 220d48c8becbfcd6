import type { FastifyInstance } from 'fastify';
import { faceOf } from './face.ts';
import type { Metrics } from './registry.ts';
import { routeLabel } from './route-label.ts';

/**
 * Observes every answered request in the histogram. At the root and before any route is
 * registered, so that each scope's routes and the not-found handler inherit the hook.
 * `reply.elapsedTime` runs from the start of onRequest: no timer of our own.
 */
export function observeRequests(app: FastifyInstance, { requests }: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    // Read once: Fastify builds routeOptions anew on every read.
    const { config } = request.routeOptions;
    requests.observe(
      {
        face: faceOf(request, reply, config),
        route: routeLabel(request, config),
        method: request.method,
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
