export { type PgCluster, freePort, pgBinDir, startPgCluster } from './pg-cluster.ts';
export { dumpPostgres } from './pg-dump.ts';
export { createTemplateDatabase, createTestDatabase } from './test-database.ts';
export { testBackend, testPgAdminUrl } from './test-backend.ts';
export { type TestStore, createTestStore } from './test-store.ts';
