import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

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
