import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { markFaceDuring } from '../metrics/face.ts';

/**
 * The built SPA from the same origin. Only the files that exist at start get routes (no
 * wildcard: nothing else under the folder can be fetched). Hashed assets are cached for a
 * year; index.html is revalidated so a deploy shows at once. Not encapsulated, so the root
 * not-found handler can send the shell.
 */
export const spaPlugin = fp(async (app: FastifyInstance, { dir }: { dir: string }) => {
  // Its file routes are the web face (metrics).
  await markFaceDuring(app, 'web', () =>
    app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
});

export const spaBuilt = (dir: string) => existsSync(join(dir, 'index.html'));

/**
 * For the not-found handler: a GET that matches no route, accepts HTML and names no file
 * (client routes such as /signin have no extension) gets the SPA's index.html; anything else,
 * `/index.html.bak` included, stays a JSON 404.
 */
export function serveSpaShell(request: FastifyRequest, reply: FastifyReply): FastifyReply | null {
  const path = request.url.split('?')[0] ?? '';
  const isPage = (request.method === 'GET' || request.method === 'HEAD') && !/\.[^/]*$/.test(path);
  const wantsHtml = (request.headers.accept ?? '').includes('text/html');
  return isPage && wantsHtml
    ? reply.header('cache-control', 'no-cache').sendFile('index.html')
    : null;
}
