import { describe, expect, it } from 'vitest';
import { layOut, placeDialects } from './placement.ts';

const summary = (prefixes: { entryPrefix: string; mallPrefix: string }) => {
  const { own, shared } = layOut(placeDialects(prefixes));
  return {
    own: Object.fromEntries(
      own.map(({ dialect, routes }) => [
        dialect.name,
        routes.filter((r) => r.path === '/user/logout').map((r) => r.method),
      ]),
    ),
    shared: shared.map(({ prefix, path, members }) => ({
      at: prefix + path,
      members: members.map(({ dialect, route }) => `${dialect.name} ${route.method}`),
    })),
  };
};

describe('layOut', () => {
  it('serves /user/logout once for both dialects when their prefixes are equal', () => {
    for (const prefix of ['', '/api'])
      expect(summary({ entryPrefix: prefix, mallPrefix: prefix })).toEqual({
        own: { entry: [], mall: [] },
        shared: [{ at: `${prefix}/user/logout`, members: ['entry POST', 'mall POST', 'mall GET'] }],
      });
  });

  it('leaves each dialect its own logout under different prefixes', () => {
    expect(summary({ entryPrefix: '/entry', mallPrefix: '/mall' })).toEqual({
      own: { entry: ['POST'], mall: ['POST', 'GET'] },
      shared: [],
    });
  });
});
