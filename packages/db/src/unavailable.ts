import { errorChain } from './error-chain.ts';

/**
 * True when `error` (or an error it wraps) says the database cannot be reached or cannot serve
 * now, rather than that the request was wrong: a refused or cut connection, a server shutting
 * down or starting, no connection free in time, a statement cancelled by its timeout, SQLite busy
 * past its timeout. Every face answers these with 503 and Retry-After; instances recover by
 * themselves, since the pool opens new connections when the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return errorChain(error).some(
    ({ code, message }) =>
      (typeof code === 'string' && unavailableCode(code)) ||
      unavailableMessages.some((pattern) => pattern.test(message)),
  );
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

const unavailableCode = (code: string) =>
  networkCodes.has(code) ||
  code.startsWith('08') || // SQLSTATE class 08: connection exception
  code === '57P01' || // admin_shutdown
  code === '57P02' || // crash_shutdown
  code === '57P03' || // cannot_connect_now (starting up, recovering)
  code === '53300' || // too_many_connections
  code === '57014' || // query_canceled: the statement timeout
  code === '40P01' || // deadlock_detected: retrying succeeds
  code === 'SQLITE_BUSY';

// node-postgres reports a cut connection and a pool timeout as plain Errors, without a code.
const unavailableMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /^Cannot use a pool after calling end/,
];
