import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env.ts';

describe('parseEnv', () => {
  it('has working defaults: port 3000, ./data, OWASP argon2, 30 min idle, 12 h sessions', () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      cookieSecure: false,
      argon2: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      trustProxy: false,
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.picturesDir).toBe(join(config.dataDir, 'pictures'));
  });

  it('keeps pictures in DATA_DIR/pictures unless PICTURES_DIR names a folder of their own', () => {
    expect(parseEnv({ DATA_DIR: '/srv/a' }).picturesDir).toBe('/srv/a/pictures');
    expect(parseEnv({ DATA_DIR: '/srv/a', PICTURES_DIR: '/mnt/shared/pictures' })).toMatchObject({
      dataDir: '/srv/a',
      picturesDir: '/mnt/shared/pictures',
    });
    expect(parseEnv({ PICTURES_DIR: 'rel' }).picturesDir).toBe(resolve('rel'));
    expect(() => parseEnv({ PICTURES_DIR: '' })).toThrow('PICTURES_DIR');
  });

  it('names every bad variable', () => {
    const error = (() => {
      try {
        parseEnv({ PORT: 'eighty', ARGON2_MEMORY_KIB: '1024', PUBLIC_URL: 'ftp://x' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'ARGON2_MEMORY_KIB', 'PUBLIC_URL']) expect(message).toContain(name);
  });

  it('serves metrics on loopback port 9464 by default; any free port with 0; none with off', () => {
    expect(parseEnv({}).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseEnv({ METRICS_HOST: '0.0.0.0', METRICS_PORT: '0' }).metrics).toEqual({
      host: '0.0.0.0',
      port: 0,
    });
    expect(parseEnv({ METRICS_PORT: 'off' }).metrics).toBeNull();
    for (const bad of ['', '-1', '65536', 'no', '9464 '])
      expect(() => parseEnv({ METRICS_PORT: bad }), bad).toThrow(/METRICS_PORT/);
  });

  it('refuses password work that would wait over 1 s by default; PASSWORD_QUEUE_BUDGET_MS sets it', () => {
    expect(parseEnv({}).passwordQueueBudgetMs).toBe(1000);
    expect(parseEnv({ PASSWORD_QUEUE_BUDGET_MS: '250' }).passwordQueueBudgetMs).toBe(250);
    for (const bad of ['0', '-5', 'soon', '60001'])
      expect(() => parseEnv({ PASSWORD_QUEUE_BUDGET_MS: bad }), bad).toThrow(
        /PASSWORD_QUEUE_BUDGET_MS/,
      );
  });

  it('makes cookies Secure behind an https public URL', () => {
    expect(parseEnv({ PUBLIC_URL: 'https://accounts.example.com/' })).toMatchObject({
      cookieSecure: true,
      publicUrl: 'https://accounts.example.com',
    });
  });

  describe('DATABASE_URL', () => {
    const secret = { SECRET_KEY: 'k'.repeat(64) };
    const refusal = (url: string) => {
      try {
        parseEnv({ DATABASE_URL: url, ...secret });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };

    it('chooses PostgreSQL with its pool settings; SQLite when unset', () => {
      expect(parseEnv({}).database).toEqual({ backend: 'sqlite' });
      const config = parseEnv({
        DATABASE_URL: 'postgres://acct:Vb7-long-and-random@db.internal:5432/acct',
        DATABASE_POOL_SIZE: '25',
        ...secret,
      });
      expect(config.database).toEqual({
        backend: 'postgres',
        url: 'postgres://acct:Vb7-long-and-random@db.internal:5432/acct',
        poolSize: 25,
        statementTimeoutMs: 5000,
        connectTimeoutMs: 5000,
      });
    });

    it('refuses empty, missing and well-known credentials loudly (ASVS 2.10.2)', () => {
      for (const url of [
        'postgres://db.internal/acct',
        'postgres://acct@db.internal/acct',
        'postgres://acct:@db.internal/acct',
        'postgres://postgres:postgres@db.internal/acct',
        'postgres://acct:acct@db.internal/acct',
        'postgres://acct:password@db.internal/acct',
        'postgres://acct:changeme@db.internal/acct',
        'mysql://acct:Vb7-long-and-random@db.internal/acct',
      ])
        expect(refusal(url), url).toMatch(/DATABASE_URL: .*(password|user|postgres:\/\/)/);
      // Over a Unix socket the operating system authenticates the user (peer): no password exists.
      expect(refusal('postgres:///acct?host=/var/run/postgresql')).toBeNull();
    });

    it('requires SECRET_KEY, which every instance must share', () => {
      expect(() =>
        parseEnv({ DATABASE_URL: 'postgres://acct:Vb7-long-and-random@db.internal/acct' }),
      ).toThrow(/SECRET_KEY: is required with DATABASE_URL/);
    });
  });
});
