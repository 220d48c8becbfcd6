import { HttpKindError, plainEnvelope, useErrorEnvelope } from '@acct/http';
import { restPlugin } from '@acct/rest';
import Fastify, { LogController } from 'fastify';
import type { Config } from './env.ts';
import { metricsPlugin } from './metrics/plugin.ts';
import { createMetrics } from './metrics/registry.ts';
import { gracefulClose } from './plugins/graceful-close.ts';
import { housekeepingPlugin } from './plugins/housekeeping.ts';
import { picturesPlugin } from './plugins/pictures.ts';
import { referencePlugin } from './plugins/reference.ts';
import { sameOrigin } from './plugins/same-origin.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { serveSpaShell, spaBuilt, spaPlugin } from './plugins/spa.ts';
import { trpcPlugin } from './plugins/trpc.ts';
import { openServices } from './services.ts';

/**
 * The whole service as a Fastify instance, built from config. It never listens: main.ts
 * and the tests decide where. Opening the database applies pending migrations.
 */
export async function buildApp(config: Config) {
  const notices: string[] = [];
  const metrics = config.metrics && createMetrics(config.metrics);
  const services = await openServices(
    config,
    (message) => notices.push(message),
    metrics?.observer,
  );

  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Tokens and cookies never reach a log line.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    trustProxy: config.trustProxy,
    // tRPC batches put every procedure name in one path segment.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    // While closing, a request that still arrives on an open connection (the client sent it
    // before it could know) is served, with `Connection: close`, rather than refused.
    return503OnClosing: false,
  });
  // Fastify runs this after the server has closed, when no request is left to use the database.
  app.addHook('onClose', () => services.repo.close());
  for (const message of notices) app.log.warn(message);
  await app.register(gracefulClose);
  // First, so that every route and the not-found handler are observed.
  await app.register(metricsPlugin, { metrics, services });

  useErrorEnvelope(app, plainEnvelope);
  const withSpa = spaBuilt(config.webDir);
  if (!withSpa)
    app.log.warn(
      { dir: config.webDir },
      'the SPA is not built (pnpm build): serving the APIs only',
    );
  app.setNotFoundHandler((request, reply) => {
    const shell = withSpa ? serveSpaShell(request, reply) : null;
    if (shell) return shell;
    throw new HttpKindError('NOT_FOUND');
  });

  await app.register(securityHeaders);
  await app.register(sameOrigin, { publicUrl: config.publicUrl });
  await app.register(trpcPlugin, { services });
  await app.register(restPlugin, {
    services,
    entryPrefix: config.entryPrefix,
    mallPrefix: config.mallPrefix,
  });
  await app.register(picturesPlugin, { storage: services.pictures.storage });
  await app.register(housekeepingPlugin, { services });
  await app.register(referencePlugin, config);
  if (withSpa) await app.register(spaPlugin, { dir: config.webDir });
  // Liveness: the process answers. Readiness: it can serve, so a load balancer may send it
  // requests: the database answers and holds every committed migration. Why not is logged, not
  // shown: the reason may name hosts.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    const readiness = await services.repo.readiness();
    if (readiness.ready) return { status: 'ready' };
    request.log.warn({ reason: readiness.reason }, 'not ready');
    return reply.code(503).header('retry-after', '1').send({ status: 'unavailable' });
  });

  return app;
}
