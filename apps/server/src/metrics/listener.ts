import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import { ConfigError } from '../env.ts';
import { listen } from '../listen.ts';
import type { MetricsListen } from './registry.ts';

const text = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * The metrics listener: a bare node:http server apart from the public one, answering only
 * GET (and HEAD) /metrics in Prometheus's text format, 404 to any other path. Apart, so that
 * the figures (routes, load, refusals) never reach the public port, whatever proxy is in front.
 */
export function metricsListener(registry: Registry, log: FastifyBaseLogger) {
  const server: Server = createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, text).end('Not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...text, allow: 'GET, HEAD' }).end('Method not allowed\n');
      return;
    }
    registry.metrics().then(
      (body) => {
        response.writeHead(200, {
          'content-type': registry.contentType,
          'cache-control': 'no-store',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        log.error({ err }, 'collecting metrics failed');
        response.writeHead(500, text).end('Internal server error\n');
      },
    );
  });

  const address = (): AddressInfo | null =>
    server.listening ? (server.address() as AddressInfo) : null;

  return {
    address,
    /** Refuses, naming the variables to change, when it cannot listen (the port is taken, …). */
    async listen({ host, port }: MetricsListen): Promise<void> {
      await listen(server, { port, host }).catch((error: NodeJS.ErrnoException) => {
        throw new ConfigError(
          error.code === 'EADDRINUSE'
            ? `METRICS_PORT ${port} is in use on ${host}: stop what holds it, or set METRICS_PORT to another port (0: any free one) or to off`
            : `The metrics listener cannot listen on ${host}:${port} (${error.code ?? error.message}): check METRICS_HOST and METRICS_PORT`,
        );
      });
      const bound = address();
      log.info({ host: bound?.address, port: bound?.port }, 'metrics listening at /metrics');
    },
    /** Stops accepting; idle keep-alive connections (a scraper's) close at once, a scrape in progress is answered. */
    async close(): Promise<void> {
      if (!server.listening) return;
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}
