import { inject } from 'vitest';
import type { Backend } from '../repo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the suite's throwaway cluster, in the projects that run on PostgreSQL. */
    pgAdminUrl?: string;
  }
}

/** The suite's PostgreSQL cluster (pg-global-setup.ts), when this test project runs on it. */
export const testPgAdminUrl = (): string | undefined => inject('pgAdminUrl');

/** Which backend this test project runs the suite on. */
export const testBackend = (): Backend => (testPgAdminUrl() ? 'postgres' : 'sqlite');
