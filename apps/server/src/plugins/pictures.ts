import type { PictureStorage } from '@acct/api';
import { pictureName } from '@acct/schema';
import type { FastifyInstance } from 'fastify';
import { HttpKindError } from '@acct/http';

/**
 * Serves stored pictures by their content name only: the name must match the stored-name
 * pattern, so nothing else a request names reaches the storage. Content names never change,
 * so responses are cacheable for a year; a sandboxing CSP stops any browser treating one as a page.
 */
export async function picturesPlugin(
  app: FastifyInstance,
  { storage }: { storage: PictureStorage },
) {
  app.get<{ Params: { name: string } }>('/pictures/:name', async (request, reply) => {
    if (!pictureName.safeParse(request.params.name).success) throw new HttpKindError('NOT_FOUND');
    const body = await storage.read(request.params.name);
    if (!body) throw new HttpKindError('NOT_FOUND');
    return reply
      .type('image/jpeg')
      .header('content-length', body.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(body.stream);
  });
}
