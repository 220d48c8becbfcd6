import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend, Readiness } from './repo.ts';

/** The committed migrations of a backend, as drizzle-kit wrote them. */
export const migrationsFolder = (backend: Backend) =>
  fileURLToPath(new URL(`../migrations/${backend}`, import.meta.url));

/**
 * When the newest committed migration of `backend` was made. drizzle's migrator records that
 * time (`created_at`) for each migration it applies and applies those newer than the last one
 * recorded, so a database whose newest record is older is behind.
 */
function newestMigrationAt(backend: Backend): number {
  const journal = JSON.parse(
    readFileSync(`${migrationsFolder(backend)}/meta/_journal.json`, 'utf8'),
  ) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/** Readiness from the time of the newest migration the database recorded (null: none). */
export function migrationReadiness(backend: Backend, newestApplied: number | null): Readiness {
  return newestApplied !== null && newestApplied >= newestMigrationAt(backend)
    ? { ready: true }
    : { ready: false, reason: 'the database lacks committed migrations' };
}
