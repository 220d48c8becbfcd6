import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryEndpoints, mallEndpoints, seedsPresent } from './testing/seed-documents.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
let document: { openapi: string; paths: Record<string, Record<string, { responses: unknown }>> };
beforeAll(async () => {
  server = await startTestServer();
  document = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof document;
});
afterAll(() => server.close());

const operations = (doc: typeof document) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.runIf(seedsPresent)('describes every endpoint of both documents', () => {
    const documented = [...entryEndpoints(), ...mallEndpoints()].map(
      (e) => `${e.method} ${e.path.replace(/:(\w+)/g, '{$1}')}`,
    );
    expect(operations(document)).toEqual(expect.arrayContaining(documented));
  });

  it('carries the documented mall messages and the error table, from the schemas', () => {
    const text = JSON.stringify(document);
    for (const message of [
      '登录成功',
      '注册成功',
      '问题回答正确',
      '修改密码成功',
      '更新个人信息成功',
      'email已经存在, 请更换',
      '用户未登录',
    ]) {
      expect(text).toContain(message);
    }
    expect(text).toContain('paswordNew');
  });

  it('documents the logins’ optional second-factor code and its error kinds', () => {
    const loginFields = (path: string) => {
      const op = document.paths[path]!.post as unknown as {
        requestBody: {
          content: Record<string, { schema: { properties: object; required: string[] } }>;
        };
      };
      return op.requestBody.content['application/json']!.schema;
    };
    for (const path of ['/login', '/user/login', '/manage/user/login']) {
      expect(Object.keys(loginFields(path).properties), path).toContain('code');
      expect(loginFields(path).required, path).not.toContain('code');
    }
    const text = JSON.stringify(document);
    expect(text).toContain('| SECOND_FACTOR_REQUIRED | 10 | 1 | 200 |');
    expect(text).toContain('| WRONG_CODE | 2 | 1 | 200 | 验证码错误 |');
    expect(text).toContain('10 second factor');
  });

  it('moves with the configured prefixes', async () => {
    const prefixed = await startTestServer({ ENTRY_PREFIX: '/entry', MALL_PREFIX: '/mall' });
    try {
      const doc = (await (await fetch(`${prefixed.url}/openapi.json`)).json()) as typeof document;
      expect(operations(doc)).toEqual(
        expect.arrayContaining([
          'POST /entry/login',
          'POST /mall/user/login',
          'POST /entry/user/logout',
          'GET /mall/user/logout',
        ]),
      );
      // And the routes are really there.
      const login = await fetch(`${prefixed.url}/mall/user/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(await login.json()).toMatchObject({ status: 2 });
      const entryLogout = await fetch(`${prefixed.url}/entry/user/logout`, { method: 'POST' });
      expect(await entryLogout.json()).toMatchObject({ code: 3 });
    } finally {
      await prefixed.close();
    }
  });
});

describe('GET /docs', () => {
  it('serves a reference page and its assets from this origin', async () => {
    const page = await fetch(`${server.url}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    for (const src of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      expect(src.startsWith('http'), src).toBe(false);
      const asset = await fetch(new URL(src, `${server.url}/docs/`));
      await asset.arrayBuffer(); // read it all, so the connection is free when the server closes
      expect(asset.status, src).toBe(200);
    }
  });

  // @see issue 11 item 7
  it('allows this origin only: no https: styles or fonts, no validator image', async () => {
    for (const path of [
      '/docs/',
      '/docs/static/swagger-ui.css',
      '/docs/static/swagger-initializer.js',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name = '', ...sources]) => [name, sources]),
      );
      expect(directives['default-src'], path).toEqual(["'self'"]);
      expect(directives['frame-ancestors'], path).toEqual(["'none'"]);
      expect(directives['img-src'], path).toEqual(["'self'", 'data:']);
      for (const [name, sources] of Object.entries(directives)) {
        const foreign = sources.filter(
          (source) =>
            !["'self'", "'none'", 'data:'].includes(source) && !/^'sha256-[\w+/]+=*'$/.test(source),
        );
        expect(foreign, `${path} ${name}`).toEqual([]);
      }
      expect(csp, path).not.toContain('upgrade-insecure-requests');
    }
    const initializer = await (
      await fetch(`${server.url}/docs/static/swagger-initializer.js`)
    ).text();
    expect(initializer).toMatch(/const config = \{[^}\n]*"validatorUrl":null/);
    // What the stylesheets load: only images, embedded.
    const css = await (await fetch(`${server.url}/docs/static/swagger-ui.css`)).text();
    expect(css).not.toContain('@font-face');
    expect(
      [...css.matchAll(/url\(\s*["']?([^"')]*)/g)]
        .map((m) => m[1]!.slice(0, 5))
        .filter((u) => u !== 'data:'),
    ).toEqual([]);
  });
});
