/**
 * True when `error` (or an error it wraps) is a foreign-key violation. Every foreign key of the
 * schema points at `users.id`, so this is a write for an account deleted since the request read
 * it: a login whose account was erased while its password was being checked. Faces answer it as
 * they answer an account that is not there, rather than as a server error.
 */
export function isAccountGone(error: unknown): boolean {
  let cause: unknown = error;
  for (let depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const { code } = cause as { code?: unknown };
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') return true;
    cause = cause.cause;
  }
  return false;
}
