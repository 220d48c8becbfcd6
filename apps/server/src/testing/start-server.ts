import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewAccount, type Services, createAccount } from '@acct/api';
import { createClient } from '@acct/client';
import { randomBytes } from 'node:crypto';
import { LEDGER_TABLES } from '@acct/db/sqlite';
import { createTestStore } from '@acct/db/testing';
import { buildApp } from '../app.ts';
import { parseEnv } from '../env.ts';
import { listenOnSockets } from '../listening-sockets.ts';
import { openServices } from '../services.ts';
import { SHARED_MACHINE_PASSWORD_BUDGET } from './shared-machine.ts';

/** Public base the test server builds picture URLs on; `localUrl` maps them to the real port. */
export const TEST_PUBLIC_URL = 'http://accounts.test';

/**
 * Every test client shares one address (127.0.0.1), so the per-address allowances are raised
 * here; the per-account bound keeps its default. The throttle tests set their own.
 */
const SHARED_ADDRESS_ALLOWANCES = {
  THROTTLE_ADDRESS_FAILURES: '10000',
  THROTTLE_ADDRESS_REGISTRATIONS: '10000',
  THROTTLE_ADDRESS_LOOKUPS: '10000',
};

/**
 * The real server on a loopback port (ephemeral unless given), on a fresh data directory unless
 * given one (which close() then removes too), and on the backend its test project runs on: SQLite
 * in the data directory, or a fresh PostgreSQL database (with a SECRET_KEY, as PostgreSQL needs).
 * Metrics are off unless `METRICS_PORT` is given (`'0'`: an ephemeral port, `metricsUrl` then
 * names it): many servers run on one machine here.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  {
    port = 0,
    dataDir = mkdtempSync(join(tmpdir(), 'acct-server-')),
  }: { port?: number; dataDir?: string } = {},
) {
  const store = await createTestStore(dataDir);
  const backendEnv =
    store.backend === 'postgres'
      ? { ...store.env, SECRET_KEY: randomBytes(32).toString('hex') }
      : store.env;
  const config = parseEnv({
    DATA_DIR: dataDir,
    ...backendEnv,
    PUBLIC_URL: TEST_PUBLIC_URL,
    LOG_LEVEL: 'silent',
    METRICS_PORT: 'off',
    ...SHARED_ADDRESS_ALLOWANCES,
    ...SHARED_MACHINE_PASSWORD_BUDGET,
    ...env,
  });
  const app = await buildApp(config);
  // As `serve` listens: every test's connections go through the public port's sockets.
  await listenOnSockets(app, { port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const metrics = app.metricsAddress();
  /**
   * Runs `work` on services of their own over this server's database and keys, as another
   * process would (the CLI): for what no face offers, such as giving a test account TOTP.
   */
  async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
    const services = await openServices({ ...config, credentialCacheSize: 0 });
    try {
      return await work(services);
    } finally {
      await services.repo.close();
    }
  }
  return {
    url,
    /** GET this for the Prometheus exposition; null when metrics are off. */
    metricsUrl: metrics && `http://127.0.0.1:${metrics.port}/metrics`,
    dataDir,
    store,
    /** What another process needs in its environment to use this server's database. */
    backendEnv,
    client: (token?: string) => createClient({ url, token }),
    /** Every table but the security ledger (audit log, throttle counters), which refusals do write. */
    dump: () => store.dump({ except: LEDGER_TABLES }),
    dumpAll: () => store.dump(),
    withServices,
    /** Creates an account as `pnpm cli user:add` does (the only way to get an admin). */
    addAccount: (account: NewAccount) =>
      withServices((services) => createAccount(services, account)),
    /** A picture URL as the API returns it, pointed at this server. */
    localUrl: (publicUrl: string) => publicUrl.replace(TEST_PUBLIC_URL, url),
    async close() {
      await app.close();
      await store.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
