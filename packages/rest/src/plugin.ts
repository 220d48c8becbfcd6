import type { Services } from '@acct/api';
import { useErrorEnvelope } from '@acct/http';
import type { FastifyInstance } from 'fastify';
import type { Dialect } from './dialect.ts';
import { mountEndpoints, ownEndpoints, refuseOtherMethods, sharedEndpoints } from './mount.ts';
import { type SharedPath, envelopeOf, layOut, placeDialects } from './placement.ts';
import type { RestRoute } from './route.ts';

export interface RestOptions {
  services: Services;
  /** URL prefix of the entry dialect ('' = the documented paths at the root). */
  entryPrefix: string;
  /** URL prefix of the mall dialect. */
  mallPrefix: string;
}

/** What every REST scope shares: uncacheable JSON answers, and no CORS-simple text bodies. */
const apiScope = (app: FastifyInstance) => {
  // Account data is never cached by browsers or shared caches, nor rendered as a page.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', 'attachment; filename="api.json"');
  });
  // text/plain is a CORS-simple type a foreign page can send: refused (415), never parsed.
  app.removeContentTypeParser('text/plain');
};

/** The routes one dialect serves alone, in its envelope, with its body parsers. */
async function dialectScope(
  app: FastifyInstance,
  { services, dialect, routes }: { services: Services; dialect: Dialect; routes: RestRoute[] },
) {
  apiScope(app);
  useErrorEnvelope(app, dialect.error);
  await dialect.parseBodies(app);
  const endpoints = ownEndpoints(dialect, routes);
  mountEndpoints(app, services, endpoints);
  refuseOtherMethods(app, endpoints);
}

/** A path the dialects under one prefix serve together; its SharedRoute picks the envelope. */
async function sharedScope(
  app: FastifyInstance,
  { services, group }: { services: Services; group: SharedPath },
) {
  apiScope(app);
  useErrorEnvelope(app, (error, request) => envelopeOf(group, request).error(error, request));
  const endpoints = sharedEndpoints(group);
  mountEndpoints(app, services, endpoints);
  refuseOtherMethods(app, endpoints);
}

/** Both REST dialects of the documents, each under its prefix, on the same procedures as tRPC. */
export async function restPlugin(app: FastifyInstance, { services, ...prefixes }: RestOptions) {
  const { own, shared } = layOut(placeDialects(prefixes));
  for (const { prefix, dialect, routes } of own)
    await app.register(dialectScope, { prefix, services, dialect, routes });
  for (const group of shared)
    await app.register(sharedScope, { prefix: group.prefix, services, group });
}
