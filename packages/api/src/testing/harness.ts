import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEDGER_TABLES } from '@acct/db/sqlite';
import { createTestStore } from '@acct/db/testing';
import type { RegisterInput } from '@acct/schema';
import { createContext } from '../context.ts';
import type { Observer } from '../domain/observer.ts';
import { OWASP_ARGON2 } from '../domain/password.ts';
import { DEFAULT_THROTTLE } from '../domain/throttle.ts';
import { createCaller } from '../root.ts';
import { type ApiConfig, createServices } from '../services.ts';
import { createDirectoryStorage } from '../storage/directory-storage.ts';
import { CookieJar } from './cookie-jar.ts';

export interface TestInstanceOptions {
  config?: Partial<ApiConfig>;
  observer?: Observer;
}

/**
 * A real instance for tests: a database of its own with the real migrations (a temporary SQLite
 * file, or a PostgreSQL database in the projects that run the suite on it) and real argon2id at
 * OWASP parameters (no fast fake hasher), plus a clock tests can move.
 */
export async function createTestInstance(options: TestInstanceOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'acct-test-'));
  const store = await createTestStore(dir);
  const repo = await store.open();
  /** The directory storage's folder, for tests that look at the real files. */
  const picturesDir = join(dir, 'pictures');
  const config: ApiConfig = {
    publicUrl: 'http://localhost:3000',
    cookieSecure: false,
    sessionIdleMs: 30 * 60_000,
    sessionMaxMs: 12 * 3_600_000,
    argon2: OWASP_ARGON2,
    credentialCacheSize: 1000,
    secret: randomBytes(32),
    pictureStorage: createDirectoryStorage(picturesDir),
    // Every test client shares one address: the per-address allowances are raised here, the
    // per-account bound keeps its default. The throttle tests set their own.
    throttle: {
      ...DEFAULT_THROTTLE,
      addressFailures: 10_000,
      registrations: 10_000,
      lookups: 10_000,
    },
    // Test files run side by side on a few cores, where an argon2 job takes several times its
    // time alone: bursts of parallel guesses must meet the throttle they test, not the overload
    // refusal. The overload tests set their own budget.
    passwordQueueBudgetMs: 60_000,
    ...options.config,
  };
  const clock = {
    offsetMs: 0,
    now: () => Date.now() + clock.offsetMs,
    advance(ms: number) {
      clock.offsetMs += ms;
    },
  };
  const services = createServices(repo, config, { now: clock.now, observer: options.observer });

  /** A caller as one client: it keeps the cookies the server sets, like a browser. */
  function client(auth: { token?: string; ip?: string } = {}) {
    const cookies = new CookieJar();
    const headers = () => {
      const h = new Headers({ 'user-agent': 'vitest' });
      if (auth.token) h.set('authorization', auth.token);
      if (cookies.size > 0) h.set('cookie', cookies.header());
      return h;
    };
    // A fresh context per call, as each HTTP request gets one.
    const caller = createCaller(() =>
      createContext(services, {
        headers: headers(),
        ip: auth.ip ?? '127.0.0.1',
        setCookie: (cookie) => cookies.keep(cookie),
      }),
    );
    return { caller, cookies };
  }

  let serial = 0;
  const newUser = (overrides: Partial<RegisterInput> = {}): RegisterInput => {
    serial += 1;
    return {
      username: `user${serial}_${randomBytes(3).toString('hex')}`,
      password: `correct horse ${serial}`,
      email: `user${serial}.${randomBytes(3).toString('hex')}@example.com`,
      phone: '13800138000',
      question: 'Favourite colour?',
      answer: 'Blue',
      ...overrides,
    };
  };

  return {
    dir,
    store,
    picturesDir,
    repo,
    services,
    clock,
    client,
    newUser,
    /** Registers a user and signs them in with a bearer token. */
    async signedIn(overrides: Partial<RegisterInput> = {}) {
      const input = newUser(overrides);
      const profile = await client().caller.account.register(input);
      const { token } = await client().caller.auth.login({
        username: input.username,
        password: input.password,
        via: 'token',
      });
      return { input, profile, token: token as string, ...client({ token: token as string }) };
    },
    /** Every table but the security ledger (audit log, throttle counters), which refusals do write. */
    dump: () => store.dump({ except: LEDGER_TABLES }),
    dumpAll: () => store.dump(),
    async close() {
      await repo.close();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestInstance = Awaited<ReturnType<typeof createTestInstance>>;
