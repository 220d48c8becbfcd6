import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed proxy configuration that docs/deploy.md shows. */
export const DEPLOY_NGINX_CONF = fileURLToPath(
  new URL('../../../../deploy/nginx/acct.conf', import.meta.url),
);

const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** Fills every `{{NAME}}` of `template`; a placeholder left over or a value never used is an error. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const unused = new Set(Object.keys(values));
  const text = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    unused.delete(name);
    return value;
  });
  if (unused.size > 0) throw new Error(`not in the template: ${[...unused].join(', ')}`);
  return text;
}

export interface Nginx {
  dir: string;
  pid: number;
  /** Lines of the access log so far: `<status> <upstream addresses> <upstream statuses> <method> <uri>`. */
  accessLog(): string[];
  errorLog(): string;
  /** Fast shutdown (SIGTERM), then the temp directory is removed. */
  stop(): Promise<void>;
}

const running = new Set<{ child: ChildProcess; dir: string }>();

/**
 * A real nginx (`nginx -p <dir> -c <conf> -g 'daemon off;'`, a child process of this one) that
 * serves `site` (the text of a server/upstream config, included inside http {}) with every path
 * it writes (pid, logs, temp files) in a fresh temp directory. Resolves once it listens on each of
 * `ports` (on 127.0.0.1); a config nginx refuses, or a port it cannot take, rejects with its log.
 */
export async function startNginx(site: string, ports: number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'acct-nginx-'));
  // Started as root, nginx runs its workers as `nobody`, which must reach the temp paths.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'site.conf'), site);
  // What a distribution's nginx.conf holds, with every path in `dir`; one worker, so that the
  // upstream connections and the log are easy to reason about; room for 2,000 proxied clients
  // (each holds two connections: the bench drives 1,000).
  const main = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 4096; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  log_format upstreams '$status "$upstream_addr" "$upstream_status" $request_method $request_uri $request_time "$upstream_response_time"';
  access_log ${dir}/access.log upstreams;
  include ${dir}/site.conf;
}
`;
  writeFileSync(join(dir, 'nginx.conf'), main);
  const child = spawn(
    NGINX,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const entry = { child, dir };
  running.add(entry);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const read = (name: string) =>
    existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '';

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    running.delete(entry);
    rmSync(dir, { recursive: true, force: true });
  };

  // nginx writes its pid file only once it holds every listening socket, and exits if it cannot
  // bind one: a port that accepts connections alone might belong to another process.
  const deadline = Date.now() + 10_000;
  const up = async () =>
    read('nginx.pid').trim() === String(child.pid) &&
    (await Promise.all(ports.map(accepts))).every(Boolean);
  while (!(await up())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = `${stderr}${read('error.log')}`;
      await stop();
      throw new Error(`nginx did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    dir,
    pid: child.pid!,
    accessLog: () => read('access.log').split('\n').filter(Boolean),
    errorLog: () => read('error.log'),
    stop,
  };
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Stops every nginx started here and still running, and removes their directories. */
export async function stopAllNginx(): Promise<void> {
  await Promise.all(
    [...running].map(async ({ child, dir }) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }),
  );
  running.clear();
}
