import { describe, expect, it } from 'vitest';
import { entryDialect } from './entry/dialect.ts';
import { mallDialect } from './mall/dialect.ts';
import { buildOpenApi } from './openapi.ts';

interface Operation {
  tags: string[];
  operationId: string;
  security: Record<string, unknown>[];
}
const documentAt = (entryPrefix: string, mallPrefix: string) =>
  buildOpenApi({ entryPrefix, mallPrefix, serverUrl: 'http://accounts.test' }) as unknown as {
    paths: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  };
const operationsOf = (document: ReturnType<typeof documentAt>) =>
  Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('buildOpenApi', () => {
  it('describes every route of each dialect under its prefix, and nothing else', () => {
    const document = documentAt('/entry', '/mall');
    const expected = [
      ...entryDialect.routes.map((r) => `${r.method} /entry${openApiPath(r.path)}`),
      ...mallDialect.routes.map((r) => `${r.method} /mall${openApiPath(r.path)}`),
    ];
    expect(operationsOf(document).sort()).toEqual(expected.sort());
    expect(document.paths['/mall/user/logout']!.get!.security).toEqual([{ mallCookie: [] }]);
    expect(document.paths['/entry/user/logout']!.post!.security).toEqual([{ entryToken: [] }]);
  });

  it('describes a shared logout once, for both dialects', () => {
    const document = documentAt('', '');
    const post = document.paths['/user/logout']!.post!;
    expect(post.tags).toEqual(['entry', 'mall']);
    expect(post.security).toEqual([{ entryToken: [] }, { mallCookie: [] }]);
    expect(JSON.stringify(post)).toContain(
      'Authorization header is answered in the entry envelope',
    );
    // The two POST /user/logout routes are one operation; every other route is its own.
    expect(operationsOf(document)).toHaveLength(
      entryDialect.routes.length + mallDialect.routes.length - 1,
    );
  });

  it('takes its security schemes and error envelopes from the dialects', () => {
    const { components } = documentAt('', '');
    expect(Object.keys(components.securitySchemes)).toEqual(['entryToken', 'mallCookie']);
    expect(Object.keys(components.schemas)).toEqual(['EntryError', 'MallError']);
    expect(components.schemas.MallError).toMatchObject({
      properties: { status: { enum: [1, 2, 10, 20] } },
    });
  });
});
