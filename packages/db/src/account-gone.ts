import { errorChain } from './error-chain.ts';

/**
 * True when `error` (or an error it wraps) is a foreign-key violation. Every foreign key of the
 * schema points at `users.id`, so this is a write for an account deleted since the request read
 * it: a login whose account was erased while its password was being checked. Faces answer it as
 * they answer an account that is not there, rather than as a server error.
 */
export const isAccountGone = (error: unknown): boolean =>
  errorChain(error).some(({ code }) => code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503');
