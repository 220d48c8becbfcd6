import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md5 } from '@acct/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

// Issue 13: Prometheus metrics on a listener of their own (METRICS_PORT, here any free port),
// never on the public one.

/** A built SPA of two files, so that the web face has routes. */
const webDir = mkdtempSync(join(tmpdir(), 'acct-web-'));
mkdirSync(join(webDir, 'assets'));
writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(webDir, 'assets', 'app-0123abcd.js'), 'console.log(1)');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    METRICS_PORT: '0',
    WEB_DIR: webDir,
    // Non-default prefixes: the face comes from where a route is registered, not from its path.
    ENTRY_PREFIX: '/entry',
    MALL_PREFIX: '/mall',
    THROTTLE_ACCOUNT_FAILURES: '3',
  });
  await server.client().account.register.mutate({
    username: 'metered',
    password: 'metered password',
    email: 'metered@example.com',
    question: 'q?',
    answer: 'Blue',
  });
});
afterAll(async () => {
  await server.close();
  rmSync(webDir, { recursive: true, force: true });
});

type Labels = Record<string, string>;

/** The samples of one metric in a text exposition, with their labels. */
function samples(exposition: string, name: string): { labels: Labels; value: number }[] {
  const found = [];
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

/** The one sample whose labels include `labels`; undefined if there is none. */
function value(exposition: string, name: string, labels: Labels = {}): number | undefined {
  const matching = samples(exposition, name).filter((s) =>
    Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  expect(matching.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return matching[0]?.value;
}

async function scrape(url = server.metricsUrl): Promise<string> {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const response = await fetch(url!);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** How many requests the histogram counted with these labels (0 when none). */
const requests = (exposition: string, labels: Labels) =>
  value(exposition, 'acct_http_request_duration_seconds_count', labels) ?? 0;

describe('the metrics listener', () => {
  it('is not the public port: /metrics there is the plain 404 any unknown path gets', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { kind: 'NOT_FOUND', message: 'Not found' } });
    expect(new URL(server.metricsUrl!).port).not.toBe(new URL(server.url).port);
  });

  it('serves /metrics only', async () => {
    const base = server.metricsUrl!.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
    expect((await fetch(server.metricsUrl!, { method: 'POST' })).status).toBe(405);
  });

  it("publishes prom-client's process metrics", async () => {
    const exposition = await scrape();
    expect(value(exposition, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(exposition, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(exposition).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });
});

describe('the request histogram', () => {
  it('labels tRPC calls by procedure, a batch of one procedure by it, a mixed one as batch, and names it lacks as unknown', async () => {
    const before = await scrape();
    const trpc = (labels: Labels) => ({ face: 'trpc', method: 'GET', ...labels });
    const counts = (exposition: string) => ({
      session: requests(exposition, trpc({ route: 'auth.session', status_class: '2xx' })),
      batch: requests(exposition, trpc({ route: 'batch' })),
      unknown: requests(exposition, trpc({ route: 'unknown', status_class: '4xx' })),
    });

    await server.client().auth.session.query();
    await fetch(`${server.url}/trpc/auth.session,auth.session?batch=1&input=%7B%7D`);
    await fetch(`${server.url}/trpc/auth.session,account.profile?batch=1&input=%7B%7D`);
    await fetch(`${server.url}/trpc/account.nothing`);
    await fetch(`${server.url}/trpc/auth.session,%2e%2e%2fetc`);

    const after = await scrape();
    const [was, now] = [counts(before), counts(after)];
    expect(now.session - was.session).toBe(2);
    expect(now.batch - was.batch).toBe(1);
    expect(now.unknown - was.unknown).toBe(2);
    // No label is ever taken from what a client wrote in the URL.
    const routes = samples(after, 'acct_http_request_duration_seconds_count').map(
      (s) => s.labels.route,
    );
    expect(routes.filter((route) => /nothing|etc|,/.test(route ?? ''))).toEqual([]);
  });

  it('labels the REST dialects by face and route pattern, under their configured prefixes', async () => {
    const before = await scrape();
    const entry = restClient(server.url);
    const login = await entry.call('POST', '/entry/login', {
      json: { username: 'metered', password: md5('metered password') },
    });
    expect(login.body).toMatchObject({ code: 0 });
    const token = (login.body.result as { token: string }).token;
    await entry.call('GET', '/entry/user/get_user_info', { headers: { authorization: token } });
    await entry.call('DELETE', '/entry/login');
    const mall = restClient(server.url);
    await mall.call('POST', '/mall/user/login', {
      json: { username: 'metered', password: 'metered password' },
    });
    await mall.call('GET', '/mall/user/checkValid/username/someone_else');
    await mall.call('POST', '/mall/user/logout');

    const after = await scrape();
    const added = (labels: Labels) => requests(after, labels) - requests(before, labels);
    expect(
      added({ face: 'entry', route: '/entry/login', method: 'POST', status_class: '2xx' }),
    ).toBe(1);
    expect(
      added({
        face: 'entry',
        route: '/entry/user/get_user_info',
        method: 'GET',
        status_class: '2xx',
      }),
    ).toBe(1);
    expect(
      added({ face: 'entry', route: '/entry/login', method: 'DELETE', status_class: '4xx' }),
    ).toBe(1);
    expect(
      added({ face: 'mall', route: '/mall/user/login', method: 'POST', status_class: '2xx' }),
    ).toBe(1);
    // The pattern, never the values in the path.
    expect(
      added({ face: 'mall', route: '/mall/user/checkValid/:type/:value', method: 'GET' }),
    ).toBe(1);
    expect(added({ face: 'mall', route: '/mall/user/logout', method: 'POST' })).toBe(1);
    expect(after).not.toContain('someone_else');
  });

  it('labels the SPA as web, unknown paths as unmatched, the rest as other', async () => {
    const before = await scrape();
    const html = { headers: { accept: 'text/html' } };
    expect((await fetch(`${server.url}/assets/app-0123abcd.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/signin`, html)).status).toBe(200);
    expect((await fetch(`${server.url}/no/such/path`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const after = await scrape();
    const added = (labels: Labels) => requests(after, labels) - requests(before, labels);
    expect(added({ face: 'web', route: '/assets/app-0123abcd.js', status_class: '2xx' })).toBe(1);
    expect(added({ face: 'web', route: 'unmatched', status_class: '2xx' })).toBe(1);
    expect(added({ face: 'other', route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(added({ face: 'other', route: '/healthz', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(after).not.toContain('no/such/path');
  });

  it('measures in seconds: every count has its sum and its +Inf bucket', async () => {
    const exposition = await scrape();
    const labels = { face: 'other', route: '/healthz', method: 'GET', status_class: '2xx' };
    const count = requests(exposition, labels);
    expect(count).toBeGreaterThan(0);
    expect(
      value(exposition, 'acct_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }),
    ).toBe(count);
    const sum = value(exposition, 'acct_http_request_duration_seconds_sum', labels)!;
    expect(sum).toBeGreaterThan(0);
    expect(sum / count).toBeLessThan(1);
  });
});

describe('the services behind the requests', () => {
  it('counts throttle refusals by scope, each scope from 0', async () => {
    const before = await scrape();
    for (const scope of ['login', 'answer', 'registration', 'lookup', 'upload'])
      expect(value(before, 'acct_throttle_refusals_total', { scope }), scope).toBeDefined();
    // Three wrong passwords block the account (THROTTLE_ACCOUNT_FAILURES=3): the rest are refused.
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        restClient(server.url).call('POST', '/mall/user/login', {
          json: { username: 'metered', password: `wrong ${i}` },
        }),
      ),
    );
    const refused = burst.filter((answer) => answer.status === 429).length;
    expect(refused).toBeGreaterThanOrEqual(3);
    const after = await scrape();
    const login = { scope: 'login' };
    expect(
      value(after, 'acct_throttle_refusals_total', login)! -
        value(before, 'acct_throttle_refusals_total', login)!,
    ).toBe(refused);
    expect(value(after, 'acct_throttle_refusals_total', { scope: 'registration' })).toBe(0);
    expect(requests(after, { face: 'mall', route: '/mall/user/login', status_class: '4xx' })).toBe(
      refused,
    );
  });

  it('shows the argon2 queue: hashes running and waiting while a burst of logins is checked', async () => {
    // Its own server with slow hashes (8 times the default work), so that the logins reach the
    // hasher faster than it finishes them on every backend (PostgreSQL spreads their arrival).
    const slow = await startTestServer({ METRICS_PORT: '0', ARGON2_ITERATIONS: '16' });
    try {
      const idle = await scrape(slow.metricsUrl);
      expect(value(idle, 'acct_argon2_running')).toBe(0);
      expect(value(idle, 'acct_argon2_waiting')).toBe(0);
      // Unknown accounts, each a full argon2 verify: far more than the slots (cores + 1).
      let done = false;
      const burst = Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          restClient(slow.url).call('POST', '/user/login', {
            json: { username: `nobody_${i}`, password: 'not this one' },
          }),
        ),
      ).finally(() => (done = true));
      let running = 0;
      let waiting = 0;
      while (!done) {
        const exposition = await scrape(slow.metricsUrl);
        running = Math.max(running, value(exposition, 'acct_argon2_running')!);
        waiting = Math.max(waiting, value(exposition, 'acct_argon2_waiting')!);
      }
      expect((await burst).map((answer) => answer.body.status)).toEqual(Array(12).fill(1));
      expect(running).toBeGreaterThan(0);
      expect(waiting).toBeGreaterThan(0);
      const after = await scrape(slow.metricsUrl);
      expect(value(after, 'acct_argon2_running')).toBe(0);
      expect(value(after, 'acct_argon2_waiting')).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('publishes the database pool on PostgreSQL; on SQLite, which has none, the gauges have no sample', async () => {
    const exposition = await scrape();
    const names = [
      'acct_db_pool_connections',
      'acct_db_pool_idle_connections',
      'acct_db_pool_waiting_queries',
    ];
    for (const name of names) expect(exposition).toContain(`# TYPE ${name} gauge`);
    if (server.store.backend === 'postgres') {
      const backend = { backend: 'postgres' };
      const open = value(exposition, 'acct_db_pool_connections', backend)!;
      expect(open).toBeGreaterThan(0);
      expect(value(exposition, 'acct_db_pool_idle_connections', backend)).toBeLessThanOrEqual(open);
      expect(value(exposition, 'acct_db_pool_waiting_queries', backend)).toBeGreaterThanOrEqual(0);
    } else for (const name of names) expect(samples(exposition, name)).toEqual([]);
  });
});

describe('several instances', () => {
  it('in one process each keep their own registry', async () => {
    const other = await startTestServer({ METRICS_PORT: '0' });
    try {
      const exposition = await scrape(other.metricsUrl);
      expect(requests(exposition, { face: 'trpc', route: 'auth.session' })).toBe(0);
      expect(requests(await scrape(), { face: 'trpc', route: 'auth.session' })).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});
