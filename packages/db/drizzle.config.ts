import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @acct/db generate` writes a new migration after tables.ts changes.
// Committed migrations are never edited; the server applies them at start.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/tables.ts',
  out: './migrations',
  casing: 'snake_case',
});
