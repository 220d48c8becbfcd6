import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pgBinDir } from './pg-cluster.ts';

export const psql = (url: string, query: string) =>
  execFileSync(join(pgBinDir(), 'psql'), [url, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-c', query], {
    encoding: 'utf8',
  });

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Every row of every table but those `except`, read by psql in a separate session: the
 * PostgreSQL twin of the SQLite dumpDatabase (synchronous too, so tests use both alike). Rows
 * are sorted, so that two dumps compare equal exactly when the data did not change.
 */
export function dumpPostgres(
  url: string,
  { except = [] }: { except?: readonly string[] } = {},
): Record<string, unknown[]> {
  const tables = psql(
    url,
    "select tablename from pg_tables where schemaname = 'public' order by tablename",
  )
    .split('\n')
    .filter((name) => name !== '' && !except.includes(name));
  if (tables.length === 0) return {};
  const fields = tables.map(
    (name) => `'${name}', (select coalesce(json_agg(t order by t), '[]') from ${ident(name)} t)`,
  );
  return JSON.parse(psql(url, `select json_build_object(${fields.join(', ')})`)) as Record<
    string,
    unknown[]
  >;
}
