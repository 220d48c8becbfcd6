import type { PictureStorage } from '@acct/api';
import { pictureName } from '@acct/schema';
import type { FastifyInstance } from 'fastify';
import { HttpKindError } from '@acct/http';

/** Whether an If-None-Match value names `etag` (weak comparison, as RFC 9110 says for GET). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * Serves stored pictures by their content name only: the name must match the stored-name
 * pattern, so nothing else a request names reaches the storage. Content names never change, so
 * responses are cacheable for a year and the name is the ETag (a revalidation costs one look-up,
 * no bytes); a sandboxing CSP stops any browser treating one as a page.
 */
export async function picturesPlugin(
  app: FastifyInstance,
  { storage }: { storage: PictureStorage },
) {
  app.get<{ Params: { name: string } }>('/pictures/:name', async (request, reply) => {
    const { name } = request.params;
    if (!pictureName.safeParse(name).success) throw new HttpKindError('NOT_FOUND');
    const etag = `"${name.slice(0, -'.jpg'.length)}"`;
    // Set only on an answer with the picture: a 404 must not be cached for a year.
    const cacheable = () =>
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'; sandbox");
    if (matches(request.headers['if-none-match'], etag)) {
      // A picture that is gone is a 404, not "your copy is still good".
      if ((await storage.modifiedAt(name)) === undefined) throw new HttpKindError('NOT_FOUND');
      return cacheable().code(304).send();
    }
    const body = await storage.read(name);
    if (!body) throw new HttpKindError('NOT_FOUND');
    return cacheable().type('image/jpeg').header('content-length', body.size).send(body.stream);
  });
}
