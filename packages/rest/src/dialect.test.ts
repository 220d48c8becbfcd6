import { describe, expect, it } from 'vitest';
import type { Dialect } from './dialect.ts';
import { entryDialect } from './entry/dialect.ts';
import { sharedLogout } from './shared-logout.ts';
import { mallDialect } from './mall/dialect.ts';
import { documentedEndpoints, documentsPresent } from './testing/documents.ts';

const endpointsOf = (dialect: Dialect) =>
  dialect.routes.map((route) => `${route.method} ${route.path}`);

describe.each([
  // The mall reference implementation served logout by GET; its clients may still use it.
  { dialect: entryDialect, beyondTheDocument: [] },
  { dialect: mallDialect, beyondTheDocument: ['GET /user/logout'] },
])('the $dialect.name route table', ({ dialect, beyondTheDocument }) => {
  it.runIf(documentsPresent)('is the document’s endpoints, and only the known additions', () => {
    const documented = documentedEndpoints(dialect.name);
    expect(documented.length).toBeGreaterThan(0);
    expect(endpointsOf(dialect)).toEqual(expect.arrayContaining(documented));
    expect(endpointsOf(dialect).filter((e) => !documented.includes(e))).toEqual(beyondTheDocument);
  });

  it('has one route per method and path', () => {
    expect(new Set(endpointsOf(dialect)).size).toBe(dialect.routes.length);
  });

  it('serves logout as a route that both dialects share under one prefix', () => {
    const logout = dialect.routes.filter((route) => route.path === '/user/logout');
    expect(logout.map((route) => route.method)).toContain('POST');
    for (const route of logout) expect(route.shared).toBe(sharedLogout);
    expect(dialect.routes.filter((route) => route.shared !== undefined)).toEqual(logout);
  });
});
