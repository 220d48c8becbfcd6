import { type Observer, THROTTLE_SCOPES } from '@acct/api';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where the metrics listener listens (env.ts: METRICS_HOST, METRICS_PORT). */
export interface MetricsListen {
  host: string;
  port: number;
}

/**
 * The service's metrics in a registry of their own, not prom-client's global one: several app
 * instances in one process (the tests) must not collide on names. Process metrics (CPU, memory,
 * event-loop lag, GC) come from prom-client's defaults.
 */
export function createMetrics(listen: MetricsListen) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Histogram({
    name: 'acct_http_request_duration_seconds',
    help: 'HTTP requests by face, route pattern (or tRPC procedure), method and status class; _count is the rate',
    labelNames: ['face', 'route', 'method', 'status_class'] as const,
    // From a cached read (well under 1 ms) to argon2 logins waiting for a slot (seconds).
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const refusals = new Counter({
    name: 'acct_throttle_refusals_total',
    help: 'Requests a throttle refused (RATE_LIMITED), by the allowance that refused them',
    labelNames: ['scope'] as const,
    registers: [registry],
  });
  // Every scope from the start, so that a rate over a quiet scope is 0 rather than absent.
  for (const scope of THROTTLE_SCOPES) refusals.inc({ scope }, 0);
  const observer: Observer = { throttleRefused: (scope) => refusals.inc({ scope }) };

  return { listen, registry, requests, observer };
}

export type Metrics = ReturnType<typeof createMetrics>;
