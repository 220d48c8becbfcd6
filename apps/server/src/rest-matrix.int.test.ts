import { md5 } from '@acct/api/testing';
import { type RestRoute, entryRoutes, mallRoutes } from '@acct/rest';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

// Bad input for every endpoint, generated from the adapter's own route tables, so a new
// endpoint is covered the day it is added.

let server: TestServer;
let entryAuth: Record<string, string>;
let mallCookie: Record<string, string>;
let revokedEntry: Record<string, string>;
let revokedMall: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  await server.client().account.register.mutate({
    username: 'matrix',
    password: 'matrix password',
    email: 'm@example.com',
    question: 'q?',
    answer: 'a',
  });
  const entryLogin = async () => {
    const r = await restClient(server.url).call('POST', '/login', {
      json: { username: 'matrix', password: md5('matrix password') },
    });
    return { authorization: (r.body.result as { token: string }).token };
  };
  const mallLogin = async () => {
    const client = restClient(server.url);
    await client.call('POST', '/user/login', {
      json: { username: 'matrix', password: 'matrix password' },
    });
    return { cookie: client.jar.header() };
  };
  entryAuth = await entryLogin();
  mallCookie = await mallLogin();
  revokedEntry = await entryLogin();
  await restClient(server.url).call('POST', '/user/logout', { headers: revokedEntry });
  revokedMall = await mallLogin();
  await restClient(server.url).call('POST', '/user/logout', { headers: revokedMall });
});
afterAll(() => server.close());

const fieldsOf = (route: RestRoute) => {
  const schema = z.toJSONSchema(route.input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: object;
    required?: string[];
  };
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return {
    body: Object.keys(schema.properties ?? {}).filter((f) => !params.includes(f)),
    required: (schema.required ?? []).filter((f) => !params.includes(f)),
  };
};
const urlOf = (route: RestRoute) =>
  route.path.replace(':type', 'username').replace(/:\w+/g, 'matrix');

const dialects = [
  {
    name: 'entry',
    routes: entryRoutes,
    auth: () => entryAuth,
    revoked: () => revokedEntry,
    failure: (code: number) => ({ code, result: null }),
    arg: 1,
    login: 3,
    forged: { authorization: `1.${'F'.repeat(43)}` },
  },
  {
    name: 'mall',
    routes: mallRoutes,
    auth: () => mallCookie,
    revoked: () => revokedMall,
    failure: (status: number) => ({ status, data: null }),
    arg: 2,
    login: 10,
    forged: { cookie: `sid=1.${'F'.repeat(43)}` },
  },
] as const;

describe.each(dialects)(
  '$name: every endpoint refuses bad input in its envelope and writes nothing',
  (dialect) => {
    const routes = dialect.routes.filter((route) => !route.multipart);

    async function expectRefused(
      route: RestRoute,
      options: Parameters<ReturnType<typeof restClient>['call']>[2],
      http: number,
      code: number,
    ) {
      const before = server.dump();
      const response = await restClient(server.url).call(route.method, urlOf(route), options);
      const label = `${route.method} ${route.path}`;
      expect(response.status, label).toBe(http);
      expect(response.body, label).toMatchObject(dialect.failure(code));
      expect(server.dump(), `${label}: nothing written`).toEqual(before);
    }

    it.each(
      routes.filter((r) => r.method !== 'GET').map((r) => [`${r.method} ${r.path}`, r] as const),
    )('%s: malformed JSON → 400', async (_, route) => {
      await expectRefused(
        route,
        { raw: '{"x":', headers: { ...dialect.auth(), 'content-type': 'application/json' } },
        400,
        dialect.arg,
      );
    });

    it.each(
      routes
        .filter((r) => fieldsOf(r).required.length > 0)
        .map((r) => [`${r.method} ${r.path}`, r] as const),
    )('%s: missing fields → illegal argument', async (_, route) => {
      await expectRefused(route, { json: {}, headers: dialect.auth() }, 200, dialect.arg);
    });

    it.each(
      routes
        .filter((r) => r.method !== 'GET' && fieldsOf(r).body.length > 0)
        .map((r) => [`${r.method} ${r.path}`, r] as const),
    )('%s: wrong-typed fields → illegal argument', async (_, route) => {
      const wrong = Object.fromEntries(fieldsOf(route).body.map((f) => [f, { $ne: '' }]));
      await expectRefused(route, { json: wrong, headers: dialect.auth() }, 200, dialect.arg);
    });

    // A valid body for every session route, so that only the missing session can be wrong.
    const valid: Record<string, string> = {
      nickname: 'x',
      email: 'x@example.com',
      phone: '13800138000',
      passwordOld: 'matrix password',
      passwordNew: 'new matrix password',
    };
    const sessionRoutes = routes.filter((r) => r.session);
    it.each(sessionRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
      '%s: missing, forged or revoked session → not logged in',
      async (_, route) => {
        const code = route.path === '/user/getUserSession' ? 1 : dialect.login; // documented: status 1 there
        const body =
          route.method === 'GET'
            ? {}
            : { json: Object.fromEntries(fieldsOf(route).body.map((f) => [f, valid[f]])) };
        await expectRefused(route, { ...body }, 200, code);
        await expectRefused(route, { ...body, headers: dialect.forged }, 200, code);
        await expectRefused(route, { ...body, headers: dialect.revoked() }, 200, code);
      },
    );
  },
);

describe('mall input encodings', () => {
  it('accepts JSON, form-urlencoded, and non-secret fields from the query string', async () => {
    const client = restClient(server.url);
    const json = await client.call('POST', '/user/login', {
      json: { username: 'matrix', password: 'matrix password' },
    });
    const form = await client.call('POST', '/user/login', {
      form: { username: 'matrix', password: 'matrix password' },
    });
    const query = await client.call('POST', '/user/login?username=matrix', {
      form: { password: 'matrix password' },
    });
    for (const response of [json, form, query])
      expect(response.body).toMatchObject({ status: 0, msg: '登录成功' });
  });
});
