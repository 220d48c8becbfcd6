import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpKindError } from '@acct/http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions (with SameSite=Lax as the second layer): a state-changing
 * request that a browser marks as coming from another origin is refused. Browsers always send
 * Origin on such requests; clients that send none (curl, SDKs) carry no ambient cookie risk.
 * The Origin never authenticates anyone: it can only refuse.
 */
export const sameOrigin = fp(async (app: FastifyInstance, { publicUrl }: { publicUrl: string }) => {
  const publicOrigin = new URL(publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (request.headers['sec-fetch-site'] === 'cross-site')
        throw new HttpKindError('FORBIDDEN', 403, 'Cross-site request refused');
      return;
    }
    const ownOrigin = `${request.protocol}://${request.host}`;
    if (origin !== publicOrigin && origin !== ownOrigin)
      throw new HttpKindError('FORBIDDEN', 403, 'Cross-origin request refused');
  });
});
