import Database from 'better-sqlite3';

/**
 * Every row of every table, read through a separate read-only connection to the file:
 * tests compare dumps to prove that a refused request wrote nothing.
 */
export function dumpDatabase(file: string): Record<string, unknown[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((name) => [name, sqlite.prepare(`select * from "${name}"`).all()]));
  } finally {
    sqlite.close();
  }
}
