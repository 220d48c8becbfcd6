import type { Services } from '@acct/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerFor } from './caller.ts';
import { entryError, entryOk } from './entry/envelope.ts';
import { HttpKindError, useErrorEnvelope } from '@acct/http';
import { mallError } from './mall/envelope.ts';

type Dialects = 'entry' | 'mall' | 'both';

// Both documents have POST /user/logout. A request with an Authorization header is an entry
// client's; any other is a mall client's.
const isEntry = (request: FastifyRequest, dialects: Dialects) =>
  dialects === 'entry' || (dialects === 'both' && request.headers.authorization !== undefined);

/**
 * Logout at `/user/logout` for one dialect or, when both share a prefix, for both. Mall also
 * answers GET (its reference implementation only ever served GET), except to a browser that
 * marks the request cross-site: no logging people out by a foreign link. HEAD is refused.
 */
export async function logoutPlugin(
  app: FastifyInstance,
  { services, dialects }: { services: Services; dialects: Dialects },
) {
  useErrorEnvelope(app, (error, request) =>
    (isEntry(request, dialects) ? entryError : mallError)(error, request),
  );

  app.post('/user/logout', async (request, reply) => {
    await callerFor(
      services,
      request,
      reply,
      isEntry(request, dialects) ? 'entry' : 'mall',
    ).auth.logout();
    // The mall document's logout answer is exactly this (no msg, no data).
    return isEntry(request, dialects) ? entryOk('') : { status: 0 };
  });
  if (dialects === 'entry') return;
  // Fastify answers HEAD with a GET route's handler, which here ends the session: a HEAD (a
  // link prefetch, a monitor, a crawler) must change nothing. Declared before the GET, so
  // Fastify does not add its own; refused as other undocumented methods are.
  app.head('/user/logout', async () => {
    throw new HttpKindError('METHOD_NOT_ALLOWED');
  });
  app.get('/user/logout', async (request, reply) => {
    if (request.headers['sec-fetch-site'] === 'cross-site')
      throw new HttpKindError('FORBIDDEN', 403, 'Cross-site logout refused');
    await callerFor(services, request, reply, 'mall').auth.logout();
    return { status: 0 };
  });
}
