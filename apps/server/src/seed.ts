import { statSync } from 'node:fs';
import { canonicalPassword } from '@acct/api';
import { seedUsersPg } from '@acct/db/pg-seed';
import { databaseBytes } from '@acct/db/postgres';
import { type SeedOptions, seedUsers } from '@acct/db/sqlite';
import type { Config } from './env.ts';
import { databaseFile, openServices } from './services.ts';

/**
 * TEST DATA, not a production practice: seeded accounts are `seed00000000`, `seed00000001`, …
 * and account i has the password `seed-password-${i % 16}`. Their hashes come from a pool of 16
 * argon2id hashes computed once (with this server's pepper), so ten million accounts cost 16
 * hashes, not ten million. Load tests log in with these.
 */
export const SEED_PREFIX = 'seed';
export const SEED_POOL = 16;
export const seedUsername = (i: number) => `${SEED_PREFIX}${String(i).padStart(8, '0')}`;
export const seedPassword = (i: number) => `seed-password-${i % SEED_POOL}`;

function progressBar(done: number, total: number, startedAt: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = Math.round(done / Math.max(seconds, 0.001));
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${rate.toLocaleString('en')} rows/s  `,
  );
}

export async function seed(config: Config, total: number) {
  // Applies migrations, checks and loads the secret (the pepper).
  const services = await openServices({ ...config, credentialCacheSize: 0 }, (message) =>
    process.stderr.write(`warning: ${message}\n`),
  );
  const hashes = await Promise.all(
    Array.from({ length: SEED_POOL }, (_, k) =>
      services.passwords.hash(canonicalPassword(seedPassword(k))),
    ),
  );
  await services.repo.close();
  const startedAt = Date.now();
  const options: SeedOptions = {
    total,
    prefix: SEED_PREFIX,
    digits: 8,
    hashes,
    now: Date.now(),
    onProgress: (done, all) => progressBar(done, all, startedAt),
  };
  const { database } = config;
  // A bulk loader talks to each backend directly: SQLite in batched transactions, PostgreSQL with COPY.
  const result =
    database.backend === 'postgres'
      ? await seedUsersPg(database.url, options)
      : seedUsers(databaseFile(config.dataDir), options);
  const seconds = (Date.now() - startedAt) / 1000;
  const bytes =
    database.backend === 'postgres'
      ? await databaseBytes(database.url)
      : statSync(databaseFile(config.dataDir)).size;
  process.stderr.write('\n');
  return { ...result, seconds, bytes };
}
