import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PgCluster, startPgCluster } from '@acct/db/testing';
import pg from 'pg';
import {
  DEPLOY_NGINX_CONF,
  type Nginx,
  renderTemplate,
  startNginx,
  stopAllNginx,
} from './nginx.ts';
import { stablePort } from './ports.ts';
import { type ServerProcess, killAllServers, launchServer } from './server-process.ts';
import { trustedLoopbackCertificate } from './tls.ts';

/** Polls `<url>/readyz` until it answers 200; rejects after `ms`. */
export async function waitReady(url: string, ms = 20_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const status = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`${url}/readyz not 200 within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * docs/deploy.md on one machine: a PostgreSQL cluster (durable: fsync on), two server instances
 * on it sharing one SECRET_KEY and one pictures folder, and nginx in front with
 * the committed deploy/nginx/acct.conf, TLS on a throwaway certificate this process trusts.
 * Every address is on the loopback interface.
 */
export async function startDeployment(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'acct-deploy-'));
  const cleanups: (() => Promise<unknown>)[] = [
    async () => rmSync(dir, { recursive: true, force: true }),
  ];
  const close = async () => {
    await killAllServers();
    await stopAllNginx();
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const cluster: PgCluster = await startPgCluster({ settings: { max_connections: '100' } });
    cleanups.push(() => cluster.destroy());
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('create database acct');
    await admin.end();
    const databaseUrl = cluster.url('acct');
    const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // An idle checking connection that the cluster's shutdown cuts (57P01) is expected at the
    // end of a run; unheard, the pool's 'error' would fail the run as an unhandled error.
    sql.on('error', () => {});
    cleanups.push(() => sql.end());

    const free: number[] = [];
    while (free.length < 4) free.push(await stablePort(free));
    const [httpsPort, httpPort, ...ports] = free;
    const publicUrl = `https://127.0.0.1:${httpsPort}`;
    const instanceEnv = {
      DATABASE_URL: databaseUrl,
      SECRET_KEY: randomBytes(32).toString('hex'),
      // nginx reaches the instances from 127.0.0.1; see the throttle test for what that implies.
      TRUST_PROXY: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      // One pictures folder for all (an NFS mount in production), a data directory each.
      PICTURES_DIR: join(dir, 'pictures'),
      DATABASE_POOL_SIZE: '10',
      ...env,
    };
    const launch = (i: number) =>
      launchServer({ DATA_DIR: join(dir, `data-${i}`), ...instanceEnv }, { port: ports[i] });
    // Started together: the migrations run once, under the advisory lock.
    const instances: ServerProcess[] = await Promise.all([0, 1].map(launch));

    const certificate = trustedLoopbackCertificate(dir);
    const site = renderTemplate(readFileSync(DEPLOY_NGINX_CONF, 'utf8'), {
      INSTANCE_1: `127.0.0.1:${ports[0]}`,
      INSTANCE_2: `127.0.0.1:${ports[1]}`,
      SERVER_NAME: '127.0.0.1',
      HTTP_LISTEN: `127.0.0.1:${httpPort}`,
      HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
      PUBLIC_URL: publicUrl,
      CERTIFICATE: certificate.certificate,
      CERTIFICATE_KEY: certificate.key,
    });
    const nginx: Nginx = await startNginx(site, [httpsPort!, httpPort!]);

    return {
      cluster,
      databaseUrl,
      /** A pool on the deployment's database, for checking what was written. */
      sql,
      /** nginx's https origin, the PUBLIC_URL of every instance. */
      publicUrl,
      /** nginx's plain-http port, which only redirects. */
      httpUrl: `http://127.0.0.1:${httpPort}`,
      instances,
      nginx,
      /** Starts instance `i` again, on its port, with the same environment; resolves once it is ready. */
      async relaunch(i: number) {
        const instance = await launch(i);
        await waitReady(instance.url);
        instances[i] = instance;
        return instance;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export type Deployment = Awaited<ReturnType<typeof startDeployment>>;
