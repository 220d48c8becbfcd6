import { createHash } from 'node:crypto';
import { createTestInstance } from '@acct/api/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restDialectOf } from './dialect-of.ts';
import { restPlugin } from './plugin.ts';

// The one plugin on a real Fastify instance over real services (SQLite, argon2id).
const t = await createTestInstance();
const user = t.newUser();
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** The dialect each answered request was marked with, by URL and method (see dialect-of.ts). */
const answeredBy = new Map<string, string | null>();

async function restApp(prefixes: { entryPrefix: string; mallPrefix: string }) {
  const app = Fastify({ logger: false });
  app.addHook('onResponse', async (request) => {
    answeredBy.set(`${request.method} ${request.url}`, restDialectOf(request));
  });
  await app.register(restPlugin, { services: t.services, ...prefixes });
  return app;
}

type App = Awaited<ReturnType<typeof restApp>>;
const layouts = [
  { name: 'shared root', entryPrefix: '', mallPrefix: '' },
  { name: 'separate prefixes', entryPrefix: '/entry', mallPrefix: '/mall' },
];
const apps = new Map<string, App>();

beforeAll(async () => {
  await t.client().caller.account.register(user);
  for (const layout of layouts) apps.set(layout.name, await restApp(layout));
});
afterAll(async () => {
  for (const app of apps.values()) await app.close();
  await t.close();
});

const entryToken = async (app: App, prefix: string) => {
  const login = await app.inject({
    method: 'POST',
    url: `${prefix}/login`,
    payload: { username: user.username, password: md5(user.password) },
  });
  return login.json<{ result: { token: string } }>().result.token;
};

const mallCookie = async (app: App, prefix: string) => {
  const login = await app.inject({
    method: 'POST',
    url: `${prefix}/user/login`,
    payload: { username: user.username, password: user.password },
  });
  const sid = login.cookies.find((cookie) => cookie.name === 'sid');
  expect(sid?.value).toBeTruthy();
  return `sid=${sid!.value}`;
};

describe.each(layouts)('restPlugin, $name', ({ name, entryPrefix, mallPrefix }) => {
  const app = () => apps.get(name)!;

  it('answers an undocumented method on a documented path 405, in each envelope', async () => {
    const entry = await app().inject({ method: 'DELETE', url: `${entryPrefix}/login` });
    expect(entry.statusCode).toBe(405);
    expect(entry.json()).toEqual({ code: 1, msg: 'Method not allowed', result: null });
    const mall = await app().inject({ method: 'PATCH', url: `${mallPrefix}/user/register` });
    expect(mall.statusCode).toBe(405);
    expect(mall.json()).toEqual({ status: 1, msg: '不支持的请求方法', data: null });
  });

  it('logs an entry token out in the entry envelope', async () => {
    const authorization = await entryToken(app(), entryPrefix);
    const logout = () =>
      app().inject({
        method: 'POST',
        url: `${entryPrefix}/user/logout`,
        headers: { authorization },
      });
    expect((await logout()).json()).toEqual({ code: 0, msg: '', result: '' });
    expect((await logout()).json()).toEqual({ code: 3, msg: 'Not signed in', result: null });
  });

  it('logs a mall cookie out with exactly {"status":0}, by POST or GET but never HEAD', async () => {
    for (const method of ['POST', 'GET'] as const) {
      const cookie = await mallCookie(app(), mallPrefix);
      const url = `${mallPrefix}/user/logout`;
      const head = await app().inject({ method: 'HEAD', url, headers: { cookie } });
      expect(head.statusCode, method).toBe(405);
      const logout = await app().inject({ method, url, headers: { cookie } });
      expect(logout.body, method).toBe('{"status":0}');
      const after = await app().inject({
        url: `${mallPrefix}/user/getUserInfo`,
        headers: { cookie },
      });
      expect(after.json(), method).toMatchObject({ status: 10 });
    }
  });

  it('refuses a GET logout that a browser marks cross-site', async () => {
    const cookie = await mallCookie(app(), mallPrefix);
    const refused = await app().inject({
      url: `${mallPrefix}/user/logout`,
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ status: 20, msg: '无权限操作', data: null });
  });
});

describe('logout when both dialects share a prefix', () => {
  const shared = () => apps.get('shared root')!;
  const separate = () => apps.get('separate prefixes')!;

  it('answers a request with Authorization in the entry envelope, any other in the mall one', async () => {
    const withHeader = await shared().inject({
      method: 'POST',
      url: '/user/logout',
      headers: { authorization: 'not a token' },
    });
    expect(withHeader.json()).toEqual({ code: 3, msg: 'Not signed in', result: null });
    const without = await shared().inject({ method: 'POST', url: '/user/logout' });
    expect(without.json()).toEqual({ status: 10, msg: '用户未登录', data: null });
  });

  // DESIGN: protocol failures answer "still with the dialect's envelope"; the shared path's
  // refusals used to answer in the app's plain one.
  it('refuses an undocumented method in the envelope the same rule picks', async () => {
    const mall = await shared().inject({ method: 'PUT', url: '/user/logout' });
    expect(mall.statusCode).toBe(405);
    expect(mall.json()).toEqual({ status: 1, msg: '不支持的请求方法', data: null });
    const entry = await shared().inject({
      method: 'DELETE',
      url: '/user/logout',
      headers: { authorization: 'not a token' },
    });
    expect(entry.statusCode).toBe(405);
    expect(entry.json()).toEqual({ code: 1, msg: 'Method not allowed', result: null });
  });

  it('keeps each dialect’s envelope when the prefixes differ, header or not', async () => {
    const entry = await separate().inject({ method: 'POST', url: '/entry/user/logout' });
    expect(entry.json()).toEqual({ code: 3, msg: 'Not signed in', result: null });
    const mall = await separate().inject({
      method: 'POST',
      url: '/mall/user/logout',
      headers: { authorization: 'not a token' },
    });
    expect(mall.json()).toEqual({ status: 10, msg: '用户未登录', data: null });
  });
});

describe('the dialect a request is marked with', () => {
  // The server's metrics label the face with it.
  it('is the dialect of the route, its refusals included, and on a shared path the one the rule picks', async () => {
    const dialectOf = async (
      app: App,
      method: 'GET' | 'POST' | 'DELETE' | 'HEAD',
      url: string,
      headers = {},
    ) => {
      await app.inject({ method, url, headers });
      return answeredBy.get(`${method} ${url}`);
    };
    const shared = apps.get('shared root')!;
    const separate = apps.get('separate prefixes')!;
    expect(await dialectOf(shared, 'POST', '/login')).toBe('entry');
    expect(await dialectOf(shared, 'DELETE', '/login')).toBe('entry');
    expect(await dialectOf(shared, 'GET', '/user/getUserInfo')).toBe('mall');
    expect(await dialectOf(shared, 'HEAD', '/user/getUserInfo')).toBe('mall');
    expect(await dialectOf(shared, 'POST', '/user/logout', { authorization: 'x' })).toBe('entry');
    expect(await dialectOf(shared, 'DELETE', '/user/logout')).toBe('mall');
    expect(await dialectOf(separate, 'POST', '/entry/user/logout')).toBe('entry');
    expect(await dialectOf(separate, 'POST', '/mall/user/logout', { authorization: 'x' })).toBe(
      'mall',
    );
    expect(await dialectOf(separate, 'GET', '/nothing/here')).toBeNull();
  });
});
