import { PICTURE_MAX_BYTES } from '@acct/schema';
import type { FastifyInstance } from 'fastify';
import { HttpKindError } from './errors.ts';

// Room for the multipart framing around a picture of the largest accepted size.
const MULTIPART_MAX_BYTES = PICTURE_MAX_BYTES + 64 * 1024;

/**
 * Multipart bodies are parsed as a whole (FormData), so their declared length is checked
 * before a byte is read: a missing Content-Length is 411, an oversized one 413.
 */
export function limitMultipart(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.headers['content-type']?.startsWith('multipart/form-data')) return;
    const length = Number(request.headers['content-length']);
    if (!Number.isSafeInteger(length))
      throw new HttpKindError('MALFORMED_REQUEST', 411, 'Content-Length required');
    if (length > MULTIPART_MAX_BYTES) throw new HttpKindError('PAYLOAD_TOO_LARGE');
  });
}

/** Reads a multipart body that a pass-through parser left unread, as FormData. */
export async function readFormData(
  contentType: string,
  body: AsyncIterable<Uint8Array>,
): Promise<FormData> {
  const request = new Request('http://local/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: body as unknown as BodyInit,
    // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types lack it.
    duplex: 'half',
  });
  return request.formData().catch(() => {
    throw new HttpKindError('MALFORMED_REQUEST', 400, 'Malformed multipart body');
  });
}
