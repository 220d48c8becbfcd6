import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @acct/db generate` writes a new migration for each backend after the tables
// change (src/tables.ts for SQLite, src/pg/tables.ts for PostgreSQL: change both).
// Committed migrations are never edited; the server applies them at start.
const backend = process.env.DRIZZLE_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

export default backend === 'postgres'
  ? defineConfig({
      dialect: 'postgresql',
      schema: './src/pg/tables.ts',
      out: './migrations/postgres',
      casing: 'snake_case',
    })
  : defineConfig({
      dialect: 'sqlite',
      schema: './src/tables.ts',
      out: './migrations/sqlite',
      casing: 'snake_case',
    });
