import { restDialectOf } from '@acct/rest';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** The ways in: the typed API, the two REST dialects, the SPA, and the rest (health, reference, pictures). */
export type Face = 'trpc' | 'entry' | 'mall' | 'web' | 'other';

/**
 * A route's config as a request sees it. Its `url` is the pattern, and undefined for the
 * not-found handler, whatever Fastify's types say.
 */
export type RouteConfig = Omit<FastifyRequest['routeOptions']['config'], 'url'> & {
  url?: string;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The face a route belongs to, stated where it is registered (see markFace). */
    face?: Face;
  }
}

const mark = (route: RouteOptions, face: Face) => {
  route.config = { ...route.config, face };
};

/** Every route registered in this scope (and the scopes inside it) belongs to `face`. */
export function markFace(app: FastifyInstance, face: Face): void {
  app.addHook('onRoute', (route) => mark(route, face));
}

/**
 * For a plugin that must stay unencapsulated (its hook sits at the root): marks only the routes
 * registered while `register` runs.
 */
export async function markFaceDuring(
  app: FastifyInstance,
  face: Face,
  register: () => PromiseLike<unknown>,
): Promise<void> {
  let registering = true;
  app.addHook('onRoute', (route) => {
    if (registering) mark(route, face);
  });
  try {
    await register();
  } finally {
    registering = false;
  }
}

/**
 * The face that answered a request, from its route's `config`; unmatched requests are `other`,
 * but see below.
 */
export function faceOf(request: FastifyRequest, reply: FastifyReply, config: RouteConfig): Face {
  const dialect = restDialectOf(request, config);
  if (dialect) return dialect;
  if (config.face) return config.face;
  // The not-found handler answers with a success only when it sends the SPA's shell (a client
  // route such as /signin, see plugins/spa.ts): that is the SPA's page.
  if (config.url === undefined && reply.statusCode < 400) return 'web';
  return 'other';
}
