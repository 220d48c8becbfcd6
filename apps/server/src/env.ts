import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentialProblem } from '@acct/db/postgres';
import { z } from 'zod';

// The only reader of process.env. Parsed once at start; a bad value stops the server with
// a message that names the variable.

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const prefix = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~-]+)*$/, "'' or a path such as /entry (no trailing slash)")
  .default('');

/** A port, or `off`: 0 takes any free one (tests, several instances on one machine). */
const metricsPort = z
  .string()
  .default('9464')
  .refine(
    (v) => v === 'off' || (/^\d{1,5}$/.test(v) && Number(v) <= 65535),
    "a port 0-65535 (0: any free one), or 'off'",
  )
  .transform((v) => (v === 'off' ? null : Number(v)));

const schema = z
  .object({
    PORT: int(3000, 0, 65535),
    /** Loopback by default: put a TLS proxy in front, or set 0.0.0.0 in a container. */
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    /**
     * postgres://user:password@host:port/database chooses PostgreSQL (several instances may share
     * it); unset, the service runs on SQLite under DATA_DIR. Default or empty credentials are refused.
     */
    DATABASE_URL: z
      .string()
      .optional()
      .superRefine((url, ctx) => {
        const problem = url === undefined ? null : credentialProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (ASVS 2.10.2)` });
      }),
    /** PostgreSQL connections per instance, the longest a statement may run, and the longest wait for a connection. */
    DATABASE_POOL_SIZE: int(10, 1, 1000),
    DATABASE_STATEMENT_TIMEOUT_MS: int(5_000, 100, 600_000),
    DATABASE_CONNECT_TIMEOUT_MS: int(5_000, 100, 600_000),
    /**
     * The pictures folder, DATA_DIR/pictures by default. Instances that share one database
     * (PostgreSQL) share it too: each points here at one shared folder (an NFS mount) and keeps
     * its own DATA_DIR. Never shared by instances with databases of their own: the sweep deletes
     * every picture its database does not name.
     */
    PICTURES_DIR: z.string().min(1).optional(),
    /** The built SPA (apps/web/dist by default); when it is missing, only the APIs are served. */
    WEB_DIR: z
      .string()
      .min(1)
      .default(fileURLToPath(new URL('../../web/dist', import.meta.url))),
    /** Base of absolute picture URLs; defaults to http://localhost:PORT. */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * 32+ bytes as hex or base64; without it, DATA_DIR/secret.key is created on first start. A start
     * with another secret than the database was created with is refused (secret-check.ts).
     */
    SECRET_KEY: z.string().min(32).optional(),
    SESSION_IDLE_MINUTES: int(30, 1, 60 * 24 * 30),
    SESSION_MAX_HOURS: int(12, 1, 24 * 30),
    ARGON2_MEMORY_KIB: int(19456, 19456, 4 * 1024 * 1024),
    ARGON2_ITERATIONS: int(2, 2, 100),
    ARGON2_PARALLELISM: int(1, 1, 16),
    /** Verified-credential cache entries; 0 switches the cache off. */
    CREDENTIAL_CACHE_SIZE: int(100_000, 0, 10_000_000),
    /**
     * Password checks are refused (503, Retry-After) when the argon2 work queued before them would
     * take longer than this: below the time clients wait for an answer.
     */
    PASSWORD_QUEUE_BUDGET_MS: int(1000, 1, 60_000),
    /** Throttle window, and what each key may do within it (see SECURITY.md). */
    THROTTLE_WINDOW_MINUTES: int(15, 1, 24 * 60),
    THROTTLE_ACCOUNT_FAILURES: int(20, 1, 100),
    THROTTLE_ADDRESS_FAILURES: int(50, 1, 100_000),
    THROTTLE_ADDRESS_REGISTRATIONS: int(30, 1, 100_000),
    THROTTLE_ADDRESS_LOOKUPS: int(100, 1, 100_000),
    THROTTLE_ACCOUNT_UPLOADS: int(20, 1, 100_000),
    /** Audit events are kept this long. */
    AUDIT_RETENTION_DAYS: int(365, 1, 100 * 365),
    /** Proxy addresses/CIDRs whose X-Forwarded-* headers are believed (comma-separated); none by default. */
    TRUST_PROXY: z.string().optional(),
    /** URL prefixes of the two REST dialects ('' mounts them at the documented paths). */
    ENTRY_PREFIX: prefix,
    MALL_PREFIX: prefix,
    /**
     * Prometheus metrics (GET /metrics) on a listener of their own, never on the public port:
     * loopback by default, as a scraper runs beside the server; 9464 is the default port of
     * OpenTelemetry's Prometheus exporters (see docs/operations.md).
     */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    METRICS_PORT: metricsPort,
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Log every request (off by default: it costs throughput; errors are always logged). */
    LOG_REQUESTS: bool(false),
    /** Set by the package manager that runs a package script (`pnpm cli serve`, `pnpm start`). */
    npm_lifecycle_event: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    // Instances behind one load balancer must pepper and sign alike: the secret cannot be a
    // file each of them generates for itself.
    if (env.DATABASE_URL !== undefined && env.SECRET_KEY === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['SECRET_KEY'],
        message: 'is required with DATABASE_URL: every instance on the database must share it',
      });
  })
  .transform((env) => {
    const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
    return {
      port: env.PORT,
      host: env.HOST,
      dataDir: resolve(env.DATA_DIR),
      database:
        env.DATABASE_URL === undefined
          ? ({ backend: 'sqlite' } as const)
          : ({
              backend: 'postgres',
              url: env.DATABASE_URL,
              poolSize: env.DATABASE_POOL_SIZE,
              statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
              connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
            } as const),
      picturesDir: resolve(env.PICTURES_DIR ?? join(env.DATA_DIR, 'pictures')),
      webDir: resolve(env.WEB_DIR),
      publicUrl,
      secretKey: env.SECRET_KEY ?? null,
      // Secure cookies (and the __Host- prefix) whenever the public face is https.
      cookieSecure: publicUrl.startsWith('https:'),
      sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
      sessionMaxMs: env.SESSION_MAX_HOURS * 3_600_000,
      argon2: {
        memoryCost: env.ARGON2_MEMORY_KIB,
        timeCost: env.ARGON2_ITERATIONS,
        parallelism: env.ARGON2_PARALLELISM,
      },
      credentialCacheSize: env.CREDENTIAL_CACHE_SIZE,
      passwordQueueBudgetMs: env.PASSWORD_QUEUE_BUDGET_MS,
      throttle: {
        windowMs: env.THROTTLE_WINDOW_MINUTES * 60_000,
        accountFailures: env.THROTTLE_ACCOUNT_FAILURES,
        addressFailures: env.THROTTLE_ADDRESS_FAILURES,
        registrations: env.THROTTLE_ADDRESS_REGISTRATIONS,
        lookups: env.THROTTLE_ADDRESS_LOOKUPS,
        uploads: env.THROTTLE_ACCOUNT_UPLOADS,
      },
      auditRetentionMs: env.AUDIT_RETENTION_DAYS * 24 * 3_600_000,
      trustProxy: env.TRUST_PROXY ? env.TRUST_PROXY.split(',').map((s) => s.trim()) : false,
      entryPrefix: env.ENTRY_PREFIX,
      mallPrefix: env.MALL_PREFIX,
      /** Where the metrics listener listens; null: no metrics at all (nothing is counted). */
      metrics:
        env.METRICS_PORT === null ? null : { host: env.METRICS_HOST, port: env.METRICS_PORT },
      logLevel: env.LOG_LEVEL,
      logRequests: env.LOG_REQUESTS,
      /**
       * Open an empty database although DATA_DIR shows it held one (data-dir.ts). Never from the
       * environment: only the CLI's --start-empty sets it, for one start, so it cannot stay on.
       */
      startEmpty: false,
      // Under a package script, the server also stops when the command that launched it is gone
      // (npx's own shell does not pass a signal on, so pnpm and the server would outlive npx).
      exitWithLauncher: env.npm_lifecycle_event !== undefined,
    };
  });

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
}
