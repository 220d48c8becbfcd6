import { buildOpenApi } from '@acct/rest';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The reference page's CSP: this origin only. Swagger UI and its assets come from its package;
 * its stylesheets embed their images as data: URLs and load no fonts. The one inline style is
 * the <style> of its top-bar logo (an inline SVG), allowed by its hash (Swagger UI 5 as
 * @fastify/swagger-ui 5.2 ships it; if that changes, only the logo's colours are lost). Never
 * framed; and no upgrade-insecure-requests, which breaks a plain-http local server.
 */
const docsCsp = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
].join('; ');

/**
 * GET /openapi.json (generated from the REST adapter's zod schemas) and a readable reference
 * at /docs (Swagger UI, served from its own package: no CDN, its own strict CSP).
 */
export async function referencePlugin(
  app: FastifyInstance,
  options: { entryPrefix: string; mallPrefix: string; publicUrl: string },
) {
  const document = buildOpenApi({
    entryPrefix: options.entryPrefix,
    mallPrefix: options.mallPrefix,
    serverUrl: options.publicUrl,
  });
  app.get('/openapi.json', async () => document);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The plugin's own policy (staticCSP: true) allows https: styles and fonts and the
    // validator.swagger.io badge image.
    staticCSP: docsCsp,
    // No validator badge (an image from validator.swagger.io, told this document's URL): said
    // here, not left to the plugin's default.
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
  });
}
