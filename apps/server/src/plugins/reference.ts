import { buildOpenApi } from '@acct/rest';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * GET /openapi.json (generated from the REST adapter's zod schemas) and a readable reference
 * at /docs (Swagger UI, served from its own package: no CDN, its own strict CSP).
 */
export async function referencePlugin(app: FastifyInstance, options: { entryPrefix: string; mallPrefix: string; publicUrl: string }) {
  const document = buildOpenApi({ entryPrefix: options.entryPrefix, mallPrefix: options.mallPrefix, serverUrl: options.publicUrl });
  app.get('/openapi.json', async () => document);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Never framed; and no upgrade-insecure-requests, which breaks a plain-http local server.
    transformStaticCSP: (csp) => csp.replace(/\s*upgrade-insecure-requests;/, '').replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
}
