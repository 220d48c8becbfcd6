import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{apps,packages}/*/src/**/*.test.ts'],
    // Real argon2id and real servers: generous per-test time, parallel files.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
