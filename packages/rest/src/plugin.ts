import type { Services } from '@acct/api';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { entryError, entryOk } from './entry/envelope.ts';
import { entryRoutes } from './entry/routes.ts';
import { limitMultipart, useErrorEnvelope } from '@acct/http';
import { logoutPlugin } from './logout.ts';
import { mallError, mallOk } from './mall/envelope.ts';
import { mallInput } from './mall/input.ts';
import { mallRoutes } from './mall/routes.ts';
import { methodsByPath, mountRoutes, refuseOtherMethods } from './mount.ts';

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

async function entryPlugin(
  app: FastifyInstance,
  { services, shareLogout }: { services: Services; shareLogout: boolean },
) {
  apiScope(app);
  useErrorEnvelope(app, entryError);
  limitMultipart(app);
  // Multipart stays unread until the route reads it as FormData.
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload));
  mountRoutes(app, services, entryRoutes, {
    face: 'entry',
    input: (request) => request.body ?? {},
    ok: (result) => entryOk(result),
  });
  refuseOtherMethods(
    app,
    methodsByPath(entryRoutes, shareLogout ? [] : [['/user/logout', 'POST']]),
  );
  if (!shareLogout) await app.register(logoutPlugin, { services, dialects: 'entry' });
}

async function mallPlugin(
  app: FastifyInstance,
  { services, shareLogout }: { services: Services; shareLogout: boolean },
) {
  apiScope(app);
  useErrorEnvelope(app, mallError);
  await app.register(formbody);
  mountRoutes(app, services, mallRoutes, {
    face: 'mall',
    input: mallInput,
    ok: (data, message) => mallOk(message, data),
  });
  refuseOtherMethods(
    app,
    methodsByPath(
      mallRoutes,
      shareLogout
        ? []
        : [
            ['/user/logout', 'POST'],
            ['/user/logout', 'GET'],
          ],
    ),
  );
  if (!shareLogout) await app.register(logoutPlugin, { services, dialects: 'mall' });
}

/** Both REST dialects of the documents, each under its prefix, on the same procedures as tRPC. */
export async function restPlugin(
  app: FastifyInstance,
  { services, entryPrefix, mallPrefix }: RestOptions,
) {
  const shareLogout = entryPrefix === mallPrefix;
  await app.register(entryPlugin, { prefix: entryPrefix, services, shareLogout });
  await app.register(mallPlugin, { prefix: mallPrefix, services, shareLogout });
  if (shareLogout) {
    await app.register(
      async (scope) => {
        apiScope(scope);
        await scope.register(logoutPlugin, { services, dialects: 'both' });
        refuseOtherMethods(
          scope,
          methodsByPath(
            [],
            [
              ['/user/logout', 'POST'],
              ['/user/logout', 'GET'],
            ],
          ),
        );
      },
      { prefix: entryPrefix },
    );
  }
}
