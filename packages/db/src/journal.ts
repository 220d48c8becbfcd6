import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend } from './repo.ts';

/** The committed migrations of a backend, as drizzle-kit wrote them. */
export const migrationsFolder = (backend: Backend) =>
  fileURLToPath(new URL(`../migrations/${backend}`, import.meta.url));

/** How many migrations are committed for `backend`: a database with fewer applied is behind. */
export function committedMigrations(backend: Backend): number {
  const journal = JSON.parse(
    readFileSync(`${migrationsFolder(backend)}/meta/_journal.json`, 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}
