import {
  AppError,
  type AppRouter,
  type Services,
  appRouter,
  createContext,
  nodeHeaders,
} from '@acct/api';
import { limitMultipart, useErrorEnvelope } from '@acct/http';
import { errors } from '@acct/schema';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyInstance } from 'fastify';
import { markFace } from '../metrics/face.ts';

/** The typed API at /trpc, errors in tRPC's own envelope with `data.kind` from the shared table. */
export async function trpcPlugin(app: FastifyInstance, { services }: { services: Services }) {
  markFace(app, 'trpc');
  // tRPC reads multipart bodies (picture upload) itself, with no size limit of its own.
  limitMultipart(app);

  // Account data: never cached, never rendered by a browser as a page.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    reply.header('content-disposition', 'attachment; filename="api.json"');
    done(null, payload);
  });

  useErrorEnvelope(app, ({ kind, status, message }) => ({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[errors[kind].trpc],
      data: {
        code: errors[kind].trpc,
        httpStatus: status,
        path: null,
        kind,
        issues: null,
        retryAfterSeconds: null,
      },
    },
  }));

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      maxBatchSize: 10,
      // Every answer that is not streamed is JSON (ASVS 14.4.1). tRPC labels its successes
      // `application/json` without a charset, and gives the errors it raises before any
      // procedure runs (415, a batch over the cap) no type at all, so the fetch Response says
      // `text/plain`. responseMeta is consulted for every answer; a stream (eagerGeneration)
      // keeps its own type. A throttle refusal also says when to retry (the longest wait, if a
      // batch holds several).
      responseMeta({ eagerGeneration, errors }) {
        if (eagerGeneration) return {};
        const retryAfter = Math.max(
          0,
          ...errors.map((error) =>
            error instanceof AppError ? (error.retryAfterSeconds ?? 0) : 0,
          ),
        );
        const headers: Record<string, string> = {
          'content-type': 'application/json; charset=utf-8',
        };
        if (retryAfter > 0) headers['retry-after'] = String(retryAfter);
        return { headers };
      },
      createContext: ({ req, res }) =>
        createContext(services, {
          headers: nodeHeaders(req.headers),
          ip: req.ip,
          requestId: req.id,
          setCookie: (cookie) => void res.header('set-cookie', cookie),
        }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
