import type { TestProject } from 'vitest/node';
import { startPgCluster } from './pg-cluster.ts';
import { createTemplateDatabase } from './test-database.ts';

/**
 * vitest globalSetup of the projects that run the suite on PostgreSQL: one throwaway cluster
 * for the run, with a migrated template that each test instance copies into a database of its own.
 */
export default async function setup(project: TestProject) {
  const cluster = await startPgCluster({ volatile: true });
  await createTemplateDatabase(cluster.url());
  project.provide('pgAdminUrl', cluster.url());
  return () => cluster.destroy();
}
