import { type AppRouter, type Services, appRouter, createContext } from '@acct/api';
import { PICTURE_MAX_BYTES, errors } from '@acct/schema';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpKindError } from '../http-errors.ts';
import { useErrorEnvelope } from './errors.ts';

// Room for the multipart framing around a picture of the largest accepted size.
const MULTIPART_MAX_BYTES = PICTURE_MAX_BYTES + 64 * 1024;

function headersOf(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** The typed API at /trpc, errors in tRPC's own envelope with `data.kind` from the shared table. */
export async function trpcPlugin(app: FastifyInstance, { services }: { services: Services }) {
  // tRPC reads multipart bodies (picture upload) itself, with no size limit of its own; the
  // declared length is checked here, before a byte of the body is read.
  app.addHook('onRequest', async (request) => {
    if (!request.headers['content-type']?.startsWith('multipart/form-data')) return;
    const length = Number(request.headers['content-length']);
    if (!Number.isSafeInteger(length)) throw new HttpKindError('MALFORMED_REQUEST', 411, 'Content-Length required');
    if (length > MULTIPART_MAX_BYTES) throw new HttpKindError('PAYLOAD_TOO_LARGE');
  });

  // Account data: never cached, never rendered by a browser as a page. tRPC hands Fastify a
  // fetch Response, whose own headers win, so they are set there.
  app.addHook('onSend', async (_request, reply, payload) => {
    const headers = payload instanceof Response ? payload.headers : null;
    if (headers?.get('content-type') === 'application/json') headers.set('content-type', 'application/json; charset=utf-8');
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', 'attachment; filename="api.json"');
  });

  useErrorEnvelope(app, ({ kind, status, message }) => ({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[errors[kind].trpc],
      data: { code: errors[kind].trpc, httpStatus: status, path: null, kind, issues: null },
    },
  }));

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize: 10,
      createContext: ({ req, res }) =>
        createContext(services, {
          headers: headersOf(req),
          ip: req.ip,
          setCookie: (cookie) => void res.header('set-cookie', cookie),
        }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
