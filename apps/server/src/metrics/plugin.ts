import type { AddressInfo } from 'node:net';
import type { Services } from '@acct/api';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { watchServices } from './gauges.ts';
import { metricsListener } from './listener.ts';
import type { Metrics } from './registry.ts';
import { observeRequests } from './requests.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the metrics listener listens once the app is ready; null when metrics are off. */
    metricsAddress: () => AddressInfo | null;
  }
}

/**
 * Metrics for the app, or none when `metrics` is null (METRICS_PORT=off: no hook, no cost).
 * The listener opens when the app gets ready, so before the public port listens, and a port it
 * cannot take fails the start; it closes with the app, after the requests in flight are
 * answered, so a scrape during the drain still sees them.
 */
export const metricsPlugin = fp(
  async (
    app: FastifyInstance,
    { metrics, services }: { metrics: Metrics | null; services: Services },
  ) => {
    if (metrics === null) {
      app.decorate('metricsAddress', () => null);
      return;
    }
    watchServices(metrics.registry, services);
    observeRequests(app, metrics);
    const listener = metricsListener(metrics.registry, app.log);
    app.decorate('metricsAddress', listener.address);
    app.addHook('onReady', () => listener.listen(metrics.listen));
    app.addHook('onClose', () => listener.close());
  },
);
