import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/** helmet's answer headers, recorded once from its middleware: helmet stays the one source of the policy. */
function helmetHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failed: Error | undefined;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) failed = error instanceof Error ? error : new Error('helmet refused its options');
  });
  if (failed) throw failed;
  return headers;
}

/**
 * Security headers on every response, by helmet (maintained; it tracks browser changes).
 * Our policy has no per-request part (no nonces), so helmet renders the headers once, here, and
 * each request only copies the ready set onto the reply: running helmet's twelve middlewares per
 * request, each calling Node's validating `setHeader`, cost ~5 % of a cheap request's CPU
 * (issue 15 profile). A route may still set its own value (pictures.ts sets a stricter CSP).
 */
export const securityHeaders = fp(async (app: FastifyInstance) => {
  const headers = helmetHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    }),
  );
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
});
