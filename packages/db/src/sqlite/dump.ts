import Database from 'better-sqlite3';

/**
 * The security ledger: a refused request is meant to write here (a counted failure, an audit
 * event) and nowhere else.
 */
export const LEDGER_TABLES: readonly string[] = [
  'audit_events',
  // A wrong second-factor code counts against its sign-in step.
  'auth_challenges',
  'throttle_blocks',
  'throttle_hits',
];

/**
 * Every row of every table but those `except`, read through a separate read-only connection to
 * the file: tests compare dumps to prove that a refused request wrote nothing.
 */
export function dumpDatabase(
  file: string,
  { except = [] }: { except?: readonly string[] } = {},
): Record<string, unknown[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables
        .filter((name) => !except.includes(name))
        .map((name) => [name, sqlite.prepare(`select * from "${name}"`).all()]),
    );
  } finally {
    sqlite.close();
  }
}
