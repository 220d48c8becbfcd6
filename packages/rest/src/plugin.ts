import type { Services } from '@acct/api';
import { type Envelope, useErrorEnvelope } from '@acct/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type Endpoint,
  mountEndpoints,
  ownEndpoints,
  refuseOtherMethods,
  sharedEndpoints,
} from './mount.ts';
import { markDialect } from './dialect-of.ts';
import type { DialectName } from './dialect.ts';
import { envelopeOf, layOut, placeDialects } from './placement.ts';

export interface RestOptions {
  services: Services;
  /** URL prefix of the entry dialect ('' = the documented paths at the root). */
  entryPrefix: string;
  /** URL prefix of the mall dialect. */
  mallPrefix: string;
}

interface ScopeOptions {
  services: Services;
  /** Whose client a request is: the dialect of the envelope it gets. */
  dialectOf: (request: FastifyRequest) => DialectName;
  envelope: Envelope;
  parseBodies?: (app: FastifyInstance) => Promise<void> | void;
  endpoints: Endpoint[];
}

/** One REST scope: uncacheable JSON answers, its envelope, its body parsers, its endpoints. */
async function restScope(
  app: FastifyInstance,
  { services, dialectOf, envelope, parseBodies, endpoints }: ScopeOptions,
) {
  markDialect(app, dialectOf);
  // Account data is never cached by browsers or shared caches, nor rendered as a page.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', 'attachment; filename="api.json"');
    done(null, payload);
  });
  // text/plain is a CORS-simple type a foreign page can send: refused (415), never parsed.
  app.removeContentTypeParser('text/plain');
  useErrorEnvelope(app, envelope);
  await parseBodies?.(app);
  mountEndpoints(app, services, endpoints);
  refuseOtherMethods(app, endpoints);
}

/** Both REST dialects of the documents, each under its prefix, on the same procedures as tRPC. */
export async function restPlugin(app: FastifyInstance, { services, ...prefixes }: RestOptions) {
  const { own, shared } = layOut(placeDialects(prefixes));
  for (const { prefix, dialect, routes } of own)
    await app.register(restScope, {
      prefix,
      services,
      dialectOf: () => dialect.name,
      envelope: dialect.error,
      parseBodies: dialect.parseBodies,
      endpoints: ownEndpoints(dialect, routes),
    });
  // A shared path takes no input (logout), so it adds no dialect's body parsers.
  for (const group of shared)
    await app.register(restScope, {
      prefix: group.prefix,
      services,
      dialectOf: (request) => envelopeOf(group, request).name,
      envelope: (error, request) => envelopeOf(group, request).error(error, request),
      endpoints: sharedEndpoints(group),
    });
}
