import { UniqueViolation } from '../repo.ts';

const constraintToField = { users_username_ci: 'username', users_email_ci: 'email' } as const;

/** Runs a write and turns PostgreSQL's unique violation (23505) into a UniqueViolation. */
export async function translateUnique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // drizzle wraps driver errors; the driver's error names the index that refused.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const { code, constraint } = cause as { code?: string; constraint?: string };
    if (code === '23505' && constraint && constraint in constraintToField)
      throw new UniqueViolation(constraintToField[constraint as keyof typeof constraintToField]);
    throw error;
  }
}
