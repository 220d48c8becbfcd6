import {
  answer,
  changePasswordInput,
  email,
  givenPassword,
  newPassword,
  question,
  username,
} from '@acct/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { entryDialect } from './entry/dialect.ts';
import { mallDialect } from './mall/dialect.ts';
import { buildOpenApi } from './openapi.ts';

interface Operation {
  tags: string[];
  operationId: string;
  security: Record<string, unknown>[];
  parameters?: { name: string; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
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

describe('the mall inputs in the reference', () => {
  const { paths } = documentAt('', '');
  // The same JSON Schema the schema package's own field gives: the constraints are not restated.
  const constraintsOf = (schema: z.ZodType) => {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' });
    return rest;
  };
  const fields = (path: string, method: string, mediaType: string) =>
    paths[path]![method]!.requestBody!.content[mediaType]!.schema.properties;

  it.each(['application/json', 'application/x-www-form-urlencoded'])(
    'show the schema’s length and pattern constraints (%s)',
    (mediaType) => {
      const cases: [string, string, string, z.ZodType][] = [
        ['/user/register', 'post', 'username', username],
        ['/user/register', 'post', 'password', newPassword],
        ['/user/register', 'post', 'email', email],
        ['/user/register', 'post', 'question', question],
        ['/user/register', 'post', 'answer', answer],
        ['/user/login', 'post', 'username', username],
        ['/user/login', 'post', 'password', givenPassword],
        ['/manage/user/login', 'post', 'password', givenPassword],
        ['/user/forgetCheckAnswer', 'post', 'answer', answer],
        ['/user/forgetRestPassword', 'put', 'paswordNew', newPassword],
        ['/user/resetPassword', 'put', 'passwordOld', changePasswordInput.shape.oldPassword],
        ['/user/resetPassword', 'put', 'passwordNew', newPassword],
      ];
      for (const [path, method, field, schema] of cases) {
        const documented = fields(path, method, mediaType)[field];
        expect(documented, `${path} ${field}`).toEqual(constraintsOf(schema));
        expect(
          Object.keys(documented as object).some((key) =>
            ['minLength', 'maxLength', 'pattern'].includes(key),
          ),
          `${path} ${field} is constrained`,
        ).toBe(true);
      }
    },
  );

  it('shows them for path parameters too', () => {
    const [param] = paths['/user/forgetGetQuestion/{username}']!.get!.parameters!;
    expect(param).toMatchObject({ name: 'username', schema: constraintsOf(username) });
  });

  it('lets an optional form field be left empty, and constrains it otherwise', () => {
    expect(fields('/user/updateUserInfo', 'put', 'application/json').phone).toEqual({
      anyOf: [
        { type: 'string', const: '' },
        expect.objectContaining({ pattern: expect.any(String) }),
      ],
    });
  });
});

describe('the second-factor code in the reference', () => {
  const document = documentAt('', '') as ReturnType<typeof documentAt> & {
    info: { description: string };
  };
  const body = (path: string) =>
    document.paths[path]!.post!.requestBody!.content['application/json']!.schema as {
      properties: Record<string, { description?: string; anyOf?: unknown[] }>;
      required: string[];
    };

  it.each(['/login', '/user/login', '/manage/user/login'])(
    'is an optional, described field of %s that may be left empty',
    (path) => {
      const { properties, required } = body(path);
      expect(required).toEqual(['username', 'password']);
      expect(properties.code?.description).toContain('SECOND_FACTOR_REQUIRED');
      expect(properties.code?.anyOf).toEqual([
        { type: 'string', const: '' },
        { type: 'string', minLength: 6, maxLength: 64 },
      ]);
    },
  );

  it('lists entry code 10 and the factor kinds in the error table', () => {
    expect(document.components.schemas.EntryError).toMatchObject({
      properties: { code: { enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } },
    });
    expect(document.info.description).toContain('9 internal, 10 second factor.');
    for (const row of [
      '| SECOND_FACTOR_REQUIRED | 10 | 1 | 200 | 该账号已开启两步验证, 请同时提供验证码(code) |',
      '| WRONG_CODE | 2 | 1 | 200 | 验证码错误 |',
      '| BAD_CHALLENGE | 3 | 1 | 200 |',
      '| PASSKEY_FAILED | 2 | 1 | 200 |',
      '| TOTP_NOT_ENABLED | 4 | 1 | 200 |',
    ])
      expect(document.info.description).toContain(row);
  });
});
