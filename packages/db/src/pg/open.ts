import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as tables from './tables.ts';

export interface PgOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections this instance may hold; N instances hold N times as many. */
  poolSize?: number;
  /** A statement running longer is cancelled by the server (and its request fails cleanly). */
  statementTimeoutMs?: number;
  /** How long a request waits for a free connection (or a new one) before it fails. */
  connectTimeoutMs?: number;
  /** Told about connection errors that no request is waiting on (an idle connection cut). */
  onIdleError?: (error: Error) => void;
}

export type PgDb = ReturnType<typeof openPool>['db'];

/**
 * The pool and the drizzle handle on it. `synchronous_commit` is forced on for every connection
 * whatever the server's default: a write is acknowledged only once its COMMIT is durable.
 */
export function openPool({
  url,
  poolSize = 10,
  statementTimeoutMs = 5_000,
  connectTimeoutMs = 5_000,
  onIdleError = () => {},
}: PgOptions) {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeoutMs,
    options: '-c synchronous_commit=on',
    application_name: 'acct',
  });
  // An idle connection cut by a database restart must not crash the process: the pool drops it
  // and the next query opens a new one.
  pool.on('error', onIdleError);
  const db = drizzle({ client: pool, schema: tables, casing: 'snake_case' });
  return { pool, db };
}
