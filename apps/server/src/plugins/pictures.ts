import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pictureName } from '@acct/schema';
import type { FastifyInstance } from 'fastify';
import { HttpKindError } from '@acct/http';

/**
 * Serves stored pictures by their content name only: the name must match the stored-name
 * pattern, so no path from a request reaches the file system. Content names never change,
 * so responses are cacheable for a year; a sandboxing CSP stops any browser treating one as a page.
 */
export async function picturesPlugin(app: FastifyInstance, { dir }: { dir: string }) {
  app.get<{ Params: { name: string } }>('/pictures/:name', async (request, reply) => {
    if (!pictureName.safeParse(request.params.name).success) throw new HttpKindError('NOT_FOUND');
    const data = await readFile(join(dir, request.params.name)).catch(
      (error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new HttpKindError('NOT_FOUND') : error;
      },
    );
    return reply
      .type('image/jpeg')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(data);
  });
}
