import type { SharedRoute } from './route.ts';

/**
 * Both documents have POST /user/logout. When the dialects share a prefix, it is served once:
 * an entry client carries its token in `Authorization`, a mall client its cookie, so a request
 * with that header is an entry client's and any other a mall client's.
 */
export const sharedLogout: SharedRoute = {
  answeredBy: (request) => (request.headers.authorization !== undefined ? 'entry' : 'mall'),
  rule: 'a request that carries an Authorization header is answered in the entry envelope, any other in the mall envelope',
};
