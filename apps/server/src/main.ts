import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import type { Config } from './env.ts';
import { watchLauncher } from './launcher.ts';
import { listenOnSockets } from './listening-sockets.ts';

/** After SIGTERM/SIGINT, requests in flight have this long to finish; then their connections are cut. */
const DRAIN_MS = 8_000;
/** Past this the process exits 1, whatever is left: within docker's default 10 s before SIGKILL. */
const HARD_STOP_MS = DRAIN_MS + 1_500;

/**
 * Builds the app, listens, and shuts down gracefully on SIGINT/SIGTERM, when its launcher is gone
 * (see launcher.ts), or on a fatal error: no new connections, idle ones closed, every request in
 * flight answered (with `Connection: close`, see plugins/graceful-close.ts), then the database
 * closed and exit 0.
 */
export async function serve(config: Config) {
  const app = await buildApp(config);
  // Slow or idle clients cannot hold connections open indefinitely.
  app.server.headersTimeout = 15_000;
  app.server.keepAliveTimeout = 10_000;

  // Fatal errors and the hard stop. Signals are not left to close-with-grace, which exits 1 at
  // once on a second one: a wrapper passing on the signal its process group already received
  // (pnpm does) would cut every request in flight.
  const grace = closeWithGrace(
    { delay: HARD_STOP_MS, logger: app.log, skip: ['SIGINT', 'SIGTERM'] },
    async ({ err }) => {
      if (err) app.log.error({ err }, 'shutting down after a fatal error');
      const cut = setTimeout(() => {
        app.log.warn({ afterMs: DRAIN_MS }, 'requests still in flight: closing their connections');
        app.server.closeAllConnections();
      }, DRAIN_MS);
      await app.close();
      clearTimeout(cut);
      // close-with-grace exits 0 after a signal, 1 after a fatal error.
      app.log.info({ exitCode: err ? 1 : 0 }, 'closed');
    },
  );

  // A start that fails (a port taken) closes what it opened (the database, the metrics
  // listener) and fails loudly: close-with-grace, left installed, would run again when the event
  // loop empties and exit 0.
  const { port, host } = config;
  await listenOnSockets(app, { port, host }).catch(async (error: unknown) => {
    grace.uninstall();
    await app.close();
    throw error;
  });

  // Once: a repeated signal (Ctrl-C reaches pnpm and the server, and pnpm passes it on) is
  // noted and ignored; the drain is bounded anyway.
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) {
      app.log.info({ reason }, 'already shutting down');
      return;
    }
    stopping = true;
    app.log.info({ reason }, 'shutting down: finishing the requests in flight');
    void grace.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
  if (config.exitWithLauncher) watchLauncher((pid) => stop(`launcher ${pid} exited`));
  return app;
}
