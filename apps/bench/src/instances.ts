import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_NGINX_CONF, renderTemplate, startNginx } from '@acct/server/testing/nginx';
import { trustedLoopbackCertificate } from '@acct/server/testing/tls';
import { startProcess, stopProcess } from './processes.ts';

/**
 * The servers the scenarios drive: one instance answering on `port` itself, or two behind a real
 * nginx running the committed deploy/nginx/acct.conf (TLS ends there, as in docs/deploy.md), with
 * nginx on `port` and the instances on the ports after it.
 */
export async function startInstances(options: {
  count: number;
  port: number;
  nodeArgs: string[];
  env: Record<string, string>;
}) {
  const { count, port, nodeArgs, env } = options;
  if (count !== 1 && count !== 2)
    throw new Error('--instances is 1, or 2 (the deploy configuration names two instances)');
  const behindNginx = count > 1;
  const base = behindNginx ? `https://127.0.0.1:${port}` : `http://127.0.0.1:${port}`;
  const ports = behindNginx ? [port + 11, port + 12] : [port];
  const servers: ChildProcess[] = await Promise.all(
    ports.map((p) =>
      startProcess(
        nodeArgs,
        {
          ...env,
          PORT: String(p),
          PUBLIC_URL: base,
          ...(behindNginx ? { TRUST_PROXY: '127.0.0.1' } : {}),
        },
        `http://127.0.0.1:${p}/healthz`,
      ),
    ),
  );
  let nginx: Awaited<ReturnType<typeof startNginx>> | null = null;
  if (behindNginx) {
    const tls = trustedLoopbackCertificate(mkdtempSync(join(tmpdir(), 'acct-bench-tls-')));
    const site = renderTemplate(readFileSync(DEPLOY_NGINX_CONF, 'utf8'), {
      INSTANCE_1: `127.0.0.1:${ports[0]}`,
      INSTANCE_2: `127.0.0.1:${ports[1]}`,
      HTTP_LISTEN: `127.0.0.1:${port - 1}`,
      HTTPS_LISTEN: `127.0.0.1:${port}`,
      SERVER_NAME: '127.0.0.1',
      PUBLIC_URL: base,
      CERTIFICATE: tls.certificate,
      CERTIFICATE_KEY: tls.key,
    });
    nginx = await startNginx(site, [port - 1, port]);
  }
  return {
    base,
    pids: () => servers.map((server) => server.pid!),
    nginxPid: () => nginx?.pid,
    async stop() {
      await nginx?.stop();
      await Promise.all(servers.map(stopProcess));
    },
  };
}
