import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md5 } from '@acct/api/testing';
import { type PgCluster, startPgCluster } from '@acct/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitReady } from './testing/deployment.ts';
import type { Face } from './testing/faces.ts';
import { type LoadRecord, type LoadStep, runLoad } from './testing/load.ts';
import { restClient } from './testing/rest-client.ts';
import { type ServerProcess, killAllServers, launchServer } from './testing/server-process.ts';

// PostgreSQL restarts under a running instance (issue 13): every face refuses cleanly while it
// is gone (503, Retry-After, its own envelope; no 500, no hang) and serves again once it is
// back, without a restart of the instance.

/** What a client waits at most; no request may come near it (the pool's own waits are 5 s). */
const CLIENT_TIMEOUT_MS = 8_000;

let cluster: PgCluster;
let server: ServerProcess;
let dataDir: string;
const tokens = { trpc: '', entry: '' };
let mallCookie = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'acct-db-restart-'));
  cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('create database acct');
  await admin.end();
  server = await launchServer({
    DATABASE_URL: cluster.url('acct'),
    SECRET_KEY: randomBytes(32).toString('hex'),
    DATA_DIR: dataDir,
  });
  await waitReady(server.url);

  const user = { username: 'steady', password: 'steady password' };
  const mall = restClient(server.url);
  await mall.call('POST', '/user/register', {
    json: { ...user, email: 'steady@example.com', question: 'q?', answer: 'a' },
  });
  expect((await mall.call('POST', '/user/login', { json: user })).body).toMatchObject({
    status: 0,
  });
  mallCookie = mall.jar.header();
  const login = await restClient(server.url).call('POST', '/trpc/auth.login', {
    json: { ...user, via: 'token' },
  });
  tokens.trpc = (login.body.result as { data: { token: string } }).data.token;
  const entry = await restClient(server.url).call('POST', '/login', {
    json: { username: user.username, password: md5(user.password) },
  });
  tokens.entry = (entry.body.result as { token: string }).token;
});
afterAll(async () => {
  await killAllServers();
  await cluster?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request of the steady load: its face (for the envelope check) and how to send it. */
const requests: {
  label: string;
  face: Face;
  method: string;
  path: string;
  headers: () => Record<string, string>;
  body?: (n: number) => unknown;
}[] = [
  {
    label: 'auth.session',
    face: 'trpc',
    method: 'GET',
    path: '/trpc/auth.session',
    headers: () => ({ authorization: `Bearer ${tokens.trpc}` }),
  },
  {
    label: 'account.profile',
    face: 'trpc',
    method: 'GET',
    path: '/trpc/account.profile',
    headers: () => ({ authorization: `Bearer ${tokens.trpc}` }),
  },
  {
    label: 'account.updateProfile',
    face: 'trpc',
    method: 'POST',
    path: '/trpc/account.updateProfile',
    headers: () => ({ authorization: `Bearer ${tokens.trpc}` }),
    body: (n) => ({ nickname: `trpc ${n}` }),
  },
  {
    label: 'entry get_user_info',
    face: 'entry',
    method: 'GET',
    path: '/user/get_user_info',
    headers: () => ({ authorization: tokens.entry }),
  },
  {
    label: 'entry update_user_info',
    face: 'entry',
    method: 'PUT',
    path: '/user/update_user_info',
    headers: () => ({ authorization: tokens.entry }),
    body: (n) => ({ nickname: `entry ${n}` }),
  },
  {
    label: 'mall getUserInfo',
    face: 'mall',
    method: 'GET',
    path: '/user/getUserInfo',
    headers: () => ({ cookie: mallCookie }),
  },
];

/**
 * The answer judged by its face: 'ok' (HTTP 200 and the face's success), 'unavailable' (503,
 * Retry-After: 1, and the face's own envelope for UNAVAILABLE), or what it was instead.
 */
function judge(
  face: Face,
  status: number,
  retryAfter: string | null,
  body: Record<string, unknown> | null,
): string {
  if (status === 200) {
    const ok =
      face === 'trpc'
        ? body?.result !== undefined
        : face === 'entry'
          ? body?.code === 0
          : body?.status === 0;
    return ok ? 'ok' : `200 but ${JSON.stringify(body)}`;
  }
  if (status !== 503 || retryAfter !== '1')
    return `${status} retry-after ${retryAfter}: ${JSON.stringify(body)}`;
  const error = body?.error as { data?: { kind?: string; code?: string } } | undefined;
  const enveloped =
    face === 'trpc'
      ? error?.data?.kind === 'UNAVAILABLE' && error.data.code === 'SERVICE_UNAVAILABLE'
      : face === 'entry'
        ? body?.code === 9 && body.result === null
        : body?.status === 1 && body.msg === '服务暂时不可用, 请稍后再试' && body.data === null;
  return enveloped ? 'unavailable' : `503 in the wrong envelope: ${JSON.stringify(body)}`;
}

const step: LoadStep = async (worker, n) => {
  const request = requests[worker % requests.length]!;
  const body = request.body?.(n);
  try {
    const answer = await fetch(`${server.url}${request.path}`, {
      method: request.method,
      headers: { ...request.headers(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await answer.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // judged as not enveloped
    }
    const verdict = judge(request.face, answer.status, answer.headers.get('retry-after'), json);
    return { label: request.label, status: answer.status, ok: verdict === 'ok', detail: verdict };
  } catch (error) {
    return { label: request.label, status: 0, ok: false, detail: `no answer: ${String(error)}` };
  }
};

/** /readyz every 50 ms: each change of its status, with when it happened. */
function watchReadiness() {
  const changes: { status: number; at: number }[] = [];
  const load = runLoad(1, async () => {
    const status = await fetch(`${server.url}/readyz`, {
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    }).then(
      (r) => r.status,
      () => 0,
    );
    if (changes.at(-1)?.status !== status) changes.push({ status, at: Date.now() });
    await sleep(50);
    return { label: 'readyz', status, ok: true, detail: '' };
  });
  return { changes, stop: () => load.stop() };
}

/** Steady load with one outage of the database, made by `outage`; what every request met. */
async function throughOutage(outage: () => Promise<void>) {
  const readiness = watchReadiness();
  const load = runLoad(2 * requests.length, step);
  await sleep(1_000);
  const downAt = Date.now();
  await outage();
  const backAt = Date.now();
  await sleep(2_000);
  const records = await load.stop();
  await readiness.stop();
  return { records, readiness: readiness.changes, downAt, backAt };
}

function expectClean(records: LoadRecord[], backAt: number) {
  // Every answer was a success or a clean refusal, in time: no 500, no hang, no bare error.
  expect(records.filter((r) => r.detail !== 'ok' && r.detail !== 'unavailable')).toEqual([]);
  expect(Math.max(...records.map((r) => r.endedAt - r.startedAt))).toBeLessThan(CLIENT_TIMEOUT_MS);
  // Served again without a restart of the instance: everything asked a moment after the
  // database is back succeeds (the pool replaced its cut connections by itself).
  const late = records.filter((r) => r.startedAt > backAt + 500);
  expect(late.length).toBeGreaterThan(50);
  expect(late.filter((r) => !r.ok)).toEqual([]);
}

const summary = (records: LoadRecord[]) =>
  `${records.length} requests, ${records.filter((r) => !r.ok).length} refused with 503, longest ${Math.max(...records.map((r) => r.endedAt - r.startedAt))} ms`;

describe('PostgreSQL restarts under a running instance', () => {
  it('cluster.restart() (fast shutdown) under load: clean refusals, then service again', async () => {
    const run = await throughOutage(() => cluster.restart());
    expectClean(run.records, run.backAt);
    console.info(
      `restart in ${run.backAt - run.downAt} ms: ${summary(run.records)}; /readyz ${run.readiness.map((c) => c.status).join(' → ')}`,
    );
  });

  it('a longer outage: every face answers 503 in its own envelope, /readyz goes 503 and back to 200', async () => {
    const run = await throughOutage(async () => {
      await cluster.stop();
      await sleep(2_000);
      await cluster.start();
    });
    expectClean(run.records, run.backAt);
    const refused = new Set(
      run.records.filter((r) => r.detail === 'unavailable').map((r) => r.label),
    );
    expect([...refused].sort()).toEqual(requests.map((r) => r.label).sort());
    expect(run.readiness.map((c) => c.status)).toEqual([200, 503, 200]);
    // Ready again as soon as the database answers (cluster.start() polls it every 100 ms too).
    expect(Math.abs(run.readiness[2]!.at - run.backAt)).toBeLessThan(1_000);

    console.info(
      `2 s outage: ${summary(run.records)}; /readyz 200 → 503 → 200 (${run.readiness[2]!.at - run.backAt} ms after the database was back)`,
    );
    // Nothing the instance logged as an error (level 50+): a database away is not a fault.
    expect(server.output.filter((l) => /"level":(5|6)0/.test(l))).toEqual([]);
  });
});
