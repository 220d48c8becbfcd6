import { readFormData } from '@acct/http';
import type { FastifyRequest } from 'fastify';
import type { RestRoute } from '../route.ts';

async function multipartFields(request: FastifyRequest): Promise<Record<string, unknown>> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) return {};
  const form = await readFormData(contentType, request.body as AsyncIterable<Uint8Array>);
  return Object.fromEntries(form.entries());
}

/** The entry dialect's input: the JSON body, or the form fields of a multipart route. */
export const entryInput = async (request: FastifyRequest, route: RestRoute): Promise<unknown> =>
  route.multipart ? multipartFields(request) : (request.body ?? {});
