import type { PoolStats } from '@acct/db';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { watchServices } from './gauges.ts';

/** Services that report whatever the test sets, read at every scrape. */
function watched() {
  const state = {
    pool: null as PoolStats | null,
    queue: { running: 0, waiting: 0, admitted: 0, jobMs: 50, refused: 0 },
  };
  const registry = new Registry();
  watchServices(registry, {
    repo: { backend: 'postgres', poolStats: () => state.pool },
    passwords: { queue: () => state.queue },
  });
  return { state, scrape: () => registry.metrics() };
}

describe('the service gauges', () => {
  it('publish the pool figures at scrape time, and no sample while there is no pool', async () => {
    const { state, scrape } = watched();
    expect(await scrape()).not.toMatch(/^acct_db_pool_\w+\{/m);
    state.pool = { total: 10, idle: 3, waiting: 2 };
    const exposition = await scrape();
    expect(exposition).toContain('acct_db_pool_connections{backend="postgres"} 10');
    expect(exposition).toContain('acct_db_pool_idle_connections{backend="postgres"} 3');
    expect(exposition).toContain('acct_db_pool_waiting_queries{backend="postgres"} 2');
    // A pool that goes away (closed) leaves no stale figure behind.
    state.pool = null;
    expect(await scrape()).not.toMatch(/^acct_db_pool_\w+\{/m);
  });

  it('publish the argon2 queue as it is when scraped', async () => {
    const { state, scrape } = watched();
    state.queue = { running: 3, waiting: 7, admitted: 12, jobMs: 32, refused: 0 };
    const exposition = await scrape();
    expect(exposition).toMatch(/^acct_argon2_running 3$/m);
    expect(exposition).toMatch(/^acct_argon2_waiting 7$/m);
    expect(exposition).toMatch(/^acct_argon2_admitted 12$/m);
    expect(exposition).toMatch(/^acct_argon2_job_seconds 0\.032$/m);
  });

  it('publish the refusals for overload as a counter, from 0', async () => {
    const { state, scrape } = watched();
    expect(await scrape()).toMatch(
      /^# TYPE acct_argon2_refusals_total counter\nacct_argon2_refusals_total 0$/m,
    );
    state.queue = { ...state.queue, refused: 41 };
    expect(await scrape()).toMatch(/^acct_argon2_refusals_total 41$/m);
  });
});
