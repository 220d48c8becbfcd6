import { UniqueViolation } from '../repo.ts';

const indexToField = { users_username_ci: 'username', users_email_ci: 'email' } as const;

/** Runs a write and turns SQLite's unique-index failure into a UniqueViolation. */
export function translateUnique<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    // drizzle wraps driver errors; the SQLite message names the index that refused.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    if (
      cause instanceof Error &&
      (cause as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
    ) {
      for (const [index, field] of Object.entries(indexToField)) {
        if (cause.message.includes(index)) throw new UniqueViolation(field);
      }
    }
    throw error;
  }
}
