/**
 * Latency of the admin console's user list (admin.listUsers) over HTTP on the database in
 * DATA_DIR, one request at a time: first page, prefix searches, deep keyset pages, and the
 * widest 1-character prefix. Seed first: `DATA_DIR=… pnpm cli seed --users 10000000`.
 *
 *   DATA_DIR=/path/to/seeded pnpm bench:admin-list [requests per scenario, default 300]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AppError, createAccount } from '@acct/api';
import { buildApp } from '@acct/server/app';
import { parseEnv } from '@acct/server/env';
import { openServices } from '@acct/server/services';
import { ms, summarize } from './stats.ts';

const requests = Number(process.argv[2] ?? 300);
const config = parseEnv({ ...process.env, LOG_LEVEL: 'warn' });
const admin = { username: 'bench_admin', password: 'bench admin password' };

const services = openServices({ ...config, credentialCacheSize: 0 });
await createAccount(services, { ...admin, role: 1 }).catch((error: unknown) => {
  if (!(error instanceof AppError && error.kind === 'USERNAME_TAKEN')) throw error;
});
await services.repo.close();

const app = await buildApp(config);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

async function call(path: string, init?: RequestInit) {
  const response = await fetch(`${base}/trpc/${path}`, init);
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

const { token } = (await call('auth.login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...admin, via: 'token' }),
})) as { token: string };
const headers = { authorization: `Bearer ${token}` };
const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');

const scenarios: [name: string, input: () => object][] = [
  ['first page, no prefix', () => ({ limit: 20 })],
  ['prefix of 10,000 (seedNNNN)', () => ({ prefix: `seed${digits(4)}`, limit: 20 })],
  ['prefix of 100 (seedNNNNNN)', () => ({ prefix: `seed${digits(6)}`, limit: 20 })],
  ['deep keyset page (random cursor)', () => ({ cursor: `seed${digits(8)}`, limit: 20 })],
  ['widest prefix ("s")', () => ({ prefix: 's', limit: 20 })],
  ['no match ("zzz")', () => ({ prefix: 'zzz', limit: 20 })],
];

const results = [];
for (const [name, input] of scenarios) {
  for (let i = 0; i < 20; i += 1) await call(`admin.listUsers?input=${encodeURIComponent(JSON.stringify(input()))}`, { headers }); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const url = `admin.listUsers?input=${encodeURIComponent(JSON.stringify(input()))}`;
    const started = performance.now();
    await call(url, { headers });
    samples.push(performance.now() - started);
  }
  results.push({ scenario: name, ...summarize(samples) });
}
await app.close();

console.log('| scenario | requests | p50 ms | p99 ms | max ms |');
console.log('|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.scenario} | ${r.n} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`);
const out = new URL('../../../docs/bench/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('admin-list.json', out), `${JSON.stringify({ date: new Date().toISOString(), dataDir: config.dataDir, requests, results }, null, 2)}\n`);
