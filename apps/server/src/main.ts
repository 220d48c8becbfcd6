import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import type { Config } from './env.ts';

/** Builds the app, listens, and closes it gracefully on SIGINT/SIGTERM or a fatal error. */
export async function serve(config: Config) {
  const app = await buildApp(config);
  // Slow or idle clients cannot hold connections open indefinitely.
  app.server.headersTimeout = 15_000;
  app.server.keepAliveTimeout = 10_000;
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after a fatal error');
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  return app;
}
