import { md5 } from '@acct/api/testing';
import { ROLE_ADMIN } from '@acct/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RestClient, restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
let entryToken: string;
let mall: RestClient;

beforeAll(async () => {
  server = await startTestServer();
  await server.client().account.register.mutate({
    username: 'target',
    password: 'target password',
    email: 't@example.com',
    question: 'q?',
    answer: 'a',
  });
  const login = await restClient(server.url).call('POST', '/login', {
    json: { username: 'target', password: md5('target password') },
  });
  entryToken = (login.body.result as { token: string }).token;
  mall = restClient(server.url);
  await mall.call('POST', '/user/login', {
    json: { username: 'target', password: 'target password' },
  });
});
afterAll(() => server.close());

type Case = [
  name: string,
  method: string,
  path: string,
  options: Parameters<RestClient['call']>[2],
  http: number,
  envelope: Record<string, unknown>,
];

const entry = (code: number) => ({ code, result: null });
const mallStatus = (status: number) => ({ status, data: null });
const json = (body: string) => ({ raw: body, headers: { 'content-type': 'application/json' } });

// Each case: the dialect's envelope, the right code, the HTTP status DESIGN.md gives, and nothing written.
const cases = (): Case[] => {
  const auth = { authorization: entryToken };
  return [
    // entry
    ['entry login: malformed JSON', 'POST', '/login', json('{"username":'), 400, entry(1)],
    [
      'entry login: missing password',
      'POST',
      '/login',
      { json: { username: 'target' } },
      200,
      entry(1),
    ],
    [
      'entry login: plaintext instead of md5',
      'POST',
      '/login',
      { json: { username: 'target', password: 'target password' } },
      200,
      entry(1),
    ],
    [
      'entry login: wrong-typed username',
      'POST',
      '/login',
      { json: { username: { $ne: '' }, password: md5('x') } },
      200,
      entry(1),
    ],
    [
      'entry login: wrong md5',
      'POST',
      '/login',
      { json: { username: 'target', password: md5('nope') } },
      200,
      entry(2),
    ],
    [
      'entry login: text/xml body',
      'POST',
      '/login',
      { raw: '<a/>', headers: { 'content-type': 'text/xml' } },
      415,
      entry(1),
    ],
    [
      'entry login: text/plain body',
      'POST',
      '/login',
      { raw: '{}', headers: { 'content-type': 'text/plain' } },
      415,
      entry(1),
    ],
    [
      'entry update: no token',
      'PUT',
      '/user/update_user_info',
      { json: { nickname: 'x' } },
      200,
      entry(3),
    ],
    [
      'entry update: forged token',
      'PUT',
      '/user/update_user_info',
      { json: { nickname: 'x' }, headers: { authorization: `1.${'A'.repeat(43)}` } },
      200,
      entry(3),
    ],
    [
      'entry update: 65-character nickname',
      'PUT',
      '/user/update_user_info',
      { json: { nickname: 'n'.repeat(65) }, headers: auth },
      200,
      entry(1),
    ],
    [
      'entry update: wrong-typed nickname',
      'PUT',
      '/user/update_user_info',
      { json: { nickname: 7 }, headers: auth },
      200,
      entry(1),
    ],
    [
      'entry update: malformed JSON',
      'PUT',
      '/user/update_user_info',
      { ...json('{nickname'), headers: { ...auth, 'content-type': 'application/json' } },
      400,
      entry(1),
    ],
    [
      'entry picture: not an image',
      'PUT',
      '/user/update_user_profile_picture',
      { raw: form('#!/bin/sh\nrm -rf /', 'x.png'), headers: auth },
      200,
      entry(7),
    ],
    [
      'entry picture: no file field',
      'PUT',
      '/user/update_user_profile_picture',
      { raw: form('x', 'x.png', 'avatar'), headers: auth },
      200,
      entry(1),
    ],
    [
      'entry picture: over the cap',
      'PUT',
      '/user/update_user_profile_picture',
      { raw: big(), headers: auth },
      413,
      entry(7),
    ],
    [
      'entry picture: no token',
      'PUT',
      '/user/update_user_profile_picture',
      { raw: form('x', 'x.png') },
      200,
      entry(3),
    ],
    [
      'entry get_user_info: token in the URL only',
      'GET',
      `/user/get_user_info?token=${entryToken}`,
      {},
      200,
      entry(3),
    ],
    [
      'entry: DELETE on a documented path',
      'DELETE',
      '/user/get_user_info',
      { headers: auth },
      405,
      entry(1),
    ],
    // mall
    ['mall login: malformed JSON', 'POST', '/user/login', json('{"username"'), 400, mallStatus(2)],
    [
      'mall login: missing password',
      'POST',
      '/user/login',
      { json: { username: 'target' } },
      200,
      mallStatus(2),
    ],
    [
      'mall login: operator injection',
      'POST',
      '/user/login',
      { json: { username: 'target', password: { $ne: '' } } },
      200,
      mallStatus(2),
    ],
    [
      'mall login: password in the query string',
      'POST',
      '/user/login?password=target%20password',
      { form: { username: 'target' } },
      200,
      mallStatus(2),
    ],
    [
      'mall login: username twice',
      'POST',
      '/user/login?username=target',
      { form: { username: 'target', password: 'target password' } },
      200,
      mallStatus(2),
    ],
    [
      'mall login: repeated form field',
      'POST',
      '/user/login',
      {
        raw: 'username=a&username=b&password=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      200,
      mallStatus(2),
    ],
    [
      'mall register: missing fields',
      'POST',
      '/user/register',
      { json: { username: 'newbie', password: 'newbie password' } },
      200,
      mallStatus(2),
    ],
    [
      'mall register: bad username',
      'POST',
      '/user/register',
      {
        json: {
          username: "x' OR '1'='1",
          password: 'some password',
          email: 'x@example.com',
          question: 'q',
          answer: 'a',
        },
      },
      200,
      mallStatus(2),
    ],
    [
      'mall register: common password',
      'POST',
      '/user/register',
      {
        json: {
          username: 'commoner',
          password: 'qwertyuiop12',
          email: 'c@example.com',
          question: 'q',
          answer: 'a',
        },
      },
      200,
      mallStatus(2),
    ],
    [
      'mall register: short password',
      'POST',
      '/user/register',
      {
        json: {
          username: 'shorty',
          password: 'short',
          email: 's@example.com',
          question: 'q',
          answer: 'a',
        },
      },
      200,
      mallStatus(2),
    ],
    [
      'mall register: prototype pollution',
      'POST',
      '/user/register',
      json('{"__proto__":{"role":1},"username":"proto"}'),
      400,
      mallStatus(2),
    ],
    ['mall checkValid: unknown type', 'GET', '/user/checkValid/phone/123', {}, 200, mallStatus(2)],
    [
      'mall getUserInfo: no cookie',
      'GET',
      '/user/getUserInfo',
      { headers: { cookie: '' } },
      200,
      mallStatus(10),
    ],
    [
      'mall getUserInfo: forged cookie',
      'GET',
      '/user/getUserInfo',
      { headers: { cookie: `sid=1.${'A'.repeat(43)}` } },
      200,
      mallStatus(10),
    ],
    [
      'mall getUserSession: no cookie',
      'GET',
      '/user/getUserSession',
      { headers: { cookie: '' } },
      200,
      mallStatus(1),
    ],
    [
      'mall updateUserInfo: bad email',
      'PUT',
      '/user/updateUserInfo',
      { json: { email: 'not-an-email' } },
      200,
      mallStatus(2),
    ],
    [
      'mall updateUserInfo: nothing to update',
      'PUT',
      '/user/updateUserInfo',
      { json: { role: ROLE_ADMIN, password: 'x' } },
      200,
      mallStatus(2),
    ],
    [
      'mall updateUserInfo: no cookie',
      'PUT',
      '/user/updateUserInfo',
      { json: { email: 'n@example.com' }, headers: { cookie: '' } },
      200,
      mallStatus(10),
    ],
    [
      'mall resetPassword: missing passwordOld',
      'PUT',
      '/user/resetPassword',
      { json: { passwordNew: 'another password' } },
      200,
      mallStatus(2),
    ],
    [
      'mall forgetCheckAnswer: answer as an object',
      'POST',
      '/user/forgetCheckAnswer',
      { json: { username: 'target', answer: { $like: '%' } } },
      200,
      mallStatus(2),
    ],
    [
      'mall forgetRestPassword: no new password',
      'PUT',
      '/user/forgetRestPassword',
      { json: { username: 'target', forgetToken: 'x'.repeat(43) } },
      200,
      mallStatus(2),
    ],
    [
      'mall forgetRestPassword: token in the URL',
      'PUT',
      `/user/forgetRestPassword?forgetToken=${'x'.repeat(43)}`,
      { json: { username: 'target', paswordNew: 'whatever pw' } },
      200,
      mallStatus(2),
    ],
    [
      'mall: text/xml body',
      'POST',
      '/user/register',
      { raw: '<user/>', headers: { 'content-type': 'text/xml' } },
      415,
      mallStatus(2),
    ],
    ['mall: DELETE on a documented path', 'DELETE', '/user/login', {}, 405, mallStatus(1)],
    [
      'mall: cross-site GET logout',
      'GET',
      '/user/logout',
      { headers: { 'sec-fetch-site': 'cross-site' } },
      403,
      mallStatus(20),
    ],
    [
      'mall: cross-origin form POST',
      'PUT',
      '/user/updateUserInfo',
      { form: { email: 'evil@example.com' }, headers: { origin: 'https://evil.example' } },
      403,
      mallStatus(20),
    ],
  ];
};

function form(content: string, name: string, field = 'file') {
  const f = new FormData();
  f.append(field, new Blob([content], { type: 'image/png' }), name);
  return f;
}

function big() {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(6 * 1024 * 1024)], { type: 'image/jpeg' }), 'big.jpg');
  return f;
}

describe('REST bad input', () => {
  it('answers every case in its dialect, with the right code and HTTP status, writing nothing', async () => {
    const tokenOnly = restClient(server.url); // entry clients carry no cookie
    for (const [name, method, path, options, http, envelope] of cases()) {
      const before = server.dump();
      const response = await (name.startsWith('entry') ? tokenOnly : mall).call(
        method,
        path,
        options,
      );
      expect.soft(response.status, name).toBe(http);
      expect.soft(response.body, name).toMatchObject(envelope);
      expect
        .soft(
          typeof response.body.msg === 'string' && response.body.msg.length > 0,
          `${name}: a message`,
        )
        .toBe(true);
      expect
        .soft(response.headers.get('content-type'), name)
        .toBe('application/json; charset=utf-8');
      expect.soft(server.dump(), `${name}: nothing written`).toEqual(before);
    }
  });

  it('a revoked entry token and a logged-out mall cookie stop working', async () => {
    const entryClient = restClient(server.url);
    const login = await entryClient.call('POST', '/login', {
      json: { username: 'target', password: md5('target password') },
    });
    const token = (login.body.result as { token: string }).token;
    await entryClient.call('POST', '/user/logout', { headers: { authorization: token } });
    expect(
      (await entryClient.call('GET', '/user/get_user_info', { headers: { authorization: token } }))
        .body,
    ).toMatchObject({ code: 3 });
    expect(
      (await entryClient.call('POST', '/user/logout', { headers: { authorization: token } })).body,
    ).toMatchObject({ code: 3 });

    const browser = restClient(server.url);
    await browser.call('POST', '/user/login', {
      json: { username: 'target', password: 'target password' },
    });
    const cookie = browser.jar.header();
    expect((await browser.call('GET', '/user/logout')).body).toEqual({ status: 0 });
    expect(
      (await browser.call('GET', '/user/getUserInfo', { headers: { cookie } })).body,
    ).toMatchObject({ status: 10 });
  });

  // @see issue 11 item 7
  it('HEAD /user/logout is refused (405) and ends no session, mall or entry, with shared or separate prefixes', async () => {
    const prefixed = await startTestServer({ ENTRY_PREFIX: '/entry', MALL_PREFIX: '/mall' });
    try {
      await prefixed.client().account.register.mutate({
        username: 'target',
        password: 'target password',
        email: 't@example.com',
        question: 'q?',
        answer: 'a',
      });
      for (const [base, mallPath] of [
        [server.url, ''],
        [prefixed.url, '/mall'],
      ] as const) {
        const browser = restClient(base);
        await browser.call('POST', `${mallPath}/user/login`, {
          json: { username: 'target', password: 'target password' },
        });
        const cookie = browser.jar.header();
        const head = await fetch(`${base}${mallPath}/user/logout`, {
          method: 'HEAD',
          headers: { cookie },
        });
        expect(head.status, base).toBe(405);
        expect(head.headers.get('content-type'), base).toBe('application/json; charset=utf-8');
        expect(head.headers.get('set-cookie'), base).toBeNull();
        expect(
          (await browser.call('GET', `${mallPath}/user/getUserInfo`, { headers: { cookie } })).body,
          base,
        ).toMatchObject({ status: 0 });
        // The same refusal as any other undocumented method, in the mall envelope.
        expect(
          (await browser.call('PUT', `${mallPath}/user/logout`, { headers: { cookie } })).status,
          base,
        ).toBe(405);
      }
      const headWithToken = await fetch(`${server.url}/user/logout`, {
        method: 'HEAD',
        headers: { authorization: entryToken },
      });
      expect(headWithToken.status).toBe(405);
      expect(
        (
          await restClient(server.url).call('GET', '/user/get_user_info', {
            headers: { authorization: entryToken },
          })
        ).body,
      ).toMatchObject({ code: 0 });
    } finally {
      await prefixed.close();
    }
  });
});
