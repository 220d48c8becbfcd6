import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePg } from '../pg/migrate.ts';
import { openPool } from '../pg/open.ts';

/** The migrated database new test databases are copied from (copying beats migrating each). */
const TEMPLATE_DATABASE = 'acct_template';

const withAdmin = async <T>(adminUrl: string, run: (client: pg.Client) => Promise<T>) => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};

const databaseUrl = (adminUrl: string, name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Creates the template database with every committed migration applied. */
export async function createTemplateDatabase(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, (client) => client.query(`create database ${TEMPLATE_DATABASE}`));
  const { pool, db } = openPool({ url: databaseUrl(adminUrl, TEMPLATE_DATABASE) });
  try {
    await migratePg(db);
  } finally {
    await pool.end();
  }
}

/** A fresh database of its own for one test instance, migrated; `drop` removes it. */
export async function createTestDatabase(adminUrl: string, { migrated = true } = {}) {
  const name = `acct_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) =>
    client.query(
      migrated
        ? `create database ${name} template ${TEMPLATE_DATABASE}`
        : `create database ${name}`,
    ),
  );
  return {
    name,
    url: databaseUrl(adminUrl, name),
    async drop() {
      await withAdmin(adminUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}
