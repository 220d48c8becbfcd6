import { AppError, createAccount } from '@acct/api';
import { ROLE_ADMIN } from '@acct/schema';
import type { Config } from '@acct/server/env';
import { openServices } from '@acct/server/services';
import { summarize } from './stats.ts';

// Lives only in bench databases, next to the seeded accounts.
const admin = { username: 'bench_admin', password: 'bench admin password' };

export type AdminListResult = { scenario: string } & ReturnType<typeof summarize>;

/** Creates the bench's admin account on the database in `config.dataDir`, unless it exists. */
export async function ensureBenchAdmin(config: Config) {
  const services = await openServices({ ...config, credentialCacheSize: 0 });
  try {
    await createAccount(services, { ...admin, role: ROLE_ADMIN });
  } catch (error) {
    if (!(error instanceof AppError && error.kind === 'USERNAME_TAKEN')) throw error;
  } finally {
    await services.repo.close();
  }
}

/**
 * Latency of the admin console's user list (tRPC `admin.listUsers` over HTTP), one request at a
 * time after 20 warm-ups: first page, prefix searches, deep keyset pages, the widest prefix.
 */
export async function measureAdminList(base: string, requests: number): Promise<AdminListResult[]> {
  async function call(path: string, init?: RequestInit) {
    const response = await fetch(`${base}/trpc/${path}`, init);
    const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
    return body.result.data;
  }
  const { token } = (await call('auth.adminLogin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, via: 'token' }),
  })) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
  const list = (input: object) =>
    call(`admin.listUsers?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });

  const scenarios: [name: string, input: () => object][] = [
    ['first page, no prefix', () => ({ limit: 20 })],
    ['prefix of 10,000 (seedNNNN)', () => ({ prefix: `seed${digits(4)}`, limit: 20 })],
    ['prefix of 100 (seedNNNNNN)', () => ({ prefix: `seed${digits(6)}`, limit: 20 })],
    ['deep keyset page (random cursor)', () => ({ cursor: `seed${digits(8)}`, limit: 20 })],
    ['widest prefix ("s")', () => ({ prefix: 's', limit: 20 })],
    ['no match ("zzz")', () => ({ prefix: 'zzz', limit: 20 })],
  ];
  const results: AdminListResult[] = [];
  for (const [scenario, input] of scenarios) {
    for (let i = 0; i < 20; i += 1) await list(input());
    const samples: number[] = [];
    for (let i = 0; i < requests; i += 1) {
      const started = performance.now();
      await list(input());
      samples.push(performance.now() - started);
    }
    results.push({ scenario, ...summarize(samples) });
  }
  return results;
}
