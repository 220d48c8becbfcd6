import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * The tests whose outcome depends on the storage backend: the repository, the procedures, the
 * REST faces and the server over HTTP. They run twice, on SQLite and on a throwaway PostgreSQL
 * cluster. Left out of the PostgreSQL run (`notOnPostgresProject`): what is about SQLite's file
 * itself (group commit, backup, the data directory's checks), the tests of the process (CLI,
 * launcher, shutdown), which run the SQLite default as the README does, and the `*.pg.int.test.ts`
 * files, which start PostgreSQL clusters of their own (multi-instance, database restarts) and
 * must run once, in the `node` project.
 */
const onEveryBackend = [
  'packages/db/src/**/*.test.ts',
  'packages/api/src/**/*.test.ts',
  'packages/rest/src/**/*.test.ts',
  'apps/server/src/**/*.test.ts',
];
const notOnPostgresProject = [
  'packages/db/src/sqlite/**',
  // These start PostgreSQL clusters of their own (restarts, several instances): once is enough.
  '**/*.pg.test.ts',
  '**/*.pg.int.test.ts',
  'apps/server/src/{backup,cli,data-dir,launcher,secret-check,shutdown}.int.test.ts',
  '**/*.pg.int.test.ts',
];

// Real argon2id, real servers and a real browser: generous time per test.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // extends: true — inline projects inherit the root options (the timeouts above) only when asked.
      {
        extends: true,
        test: {
          name: 'node',
          include: ['{apps,packages,tooling}/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'node-postgres',
          include: onEveryBackend,
          exclude: notOnPostgresProject,
          environment: 'node',
          globalSetup: ['packages/db/src/testing/pg-global-setup.ts'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['apps/web/src/test-setup.ts'],
        },
      },
      {
        extends: true,
        // Headless Chromium against the built SPA on the real server; one file at a time on 2 cores.
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
