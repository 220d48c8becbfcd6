import type { Services } from '@acct/api';
import type { PoolStats } from '@acct/db';
import { Counter, Gauge, type Registry } from 'prom-client';

type Queue = ReturnType<Services['passwords']['queue']>;

/** What the gauges read, at scrape time. */
type Watched = {
  repo: Pick<Services['repo'], 'backend' | 'poolStats'>;
  passwords: Pick<Services['passwords'], 'queue'>;
};

/**
 * Gauges read when scraped (collect), so nothing is updated on a request path: the argon2
 * queue (hashes holding a slot, hashes waiting for one, jobs admitted, one job's average time),
 * the hasher's count of refused operations, and the database pool. SQLite has no pool
 * (poolStats() is null): the pool gauges then have no sample at all rather than a 0 that would
 * read as an empty pool.
 */
export function watchServices(registry: Registry, { repo, passwords }: Watched): void {
  const argon2 = (name: string, help: string, read: (queue: Queue) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(passwords.queue()));
      },
    });
  argon2(
    'acct_argon2_running',
    'argon2 hashes running (each holds a slot on the thread pool)',
    (q) => q.running,
  );
  argon2('acct_argon2_waiting', 'argon2 hashes waiting for a slot', (q) => q.waiting);
  argon2(
    'acct_argon2_admitted',
    'argon2 jobs of the password operations admitted and not yet done',
    (q) => q.admitted,
  );
  argon2(
    'acct_argon2_job_seconds',
    'Moving average of one argon2 job, waiting for the thread pool included',
    (q) => q.jobMs / 1000,
  );
  // The hasher counts; the counter publishes its total (it only grows, as a counter must).
  new Counter({
    name: 'acct_argon2_refusals_total',
    help: 'Password operations refused at once (OVERLOADED): their argon2 work would not finish within PASSWORD_QUEUE_BUDGET_MS',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(passwords.queue().refused);
    },
  });

  const pool = (name: string, help: string, read: (stats: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['backend'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const stats = repo.poolStats();
        if (stats !== null) this.set({ backend: repo.backend }, read(stats));
      },
    });
  pool('acct_db_pool_connections', 'Database connections open', (s) => s.total);
  pool('acct_db_pool_idle_connections', 'Database connections open and idle', (s) => s.idle);
  pool(
    'acct_db_pool_waiting_queries',
    'Queries waiting for a database connection',
    (s) => s.waiting,
  );
}
