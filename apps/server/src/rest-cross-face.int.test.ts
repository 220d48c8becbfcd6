import { md5 } from '@acct/api/testing';
import { errorKind } from '@acct/client';
import { ROLE_ADMIN } from '@acct/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restClient } from './testing/rest-client.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('one account, three faces', () => {
  it('register on mall → entry login by md5 → entry nickname seen by tRPC → mall password change refuses the old one everywhere', async () => {
    const password = 'pässwörd 🐎 密码 ok';
    const mall = restClient(server.url);
    const entry = restClient(server.url);

    const registered = await mall.call('POST', '/user/register', {
      form: {
        username: 'CrossFace',
        password,
        email: 'cross@example.com',
        phone: '13800138000',
        question: '你好吗?',
        answer: '是的',
      },
    });
    expect(registered.body).toMatchObject({ status: 0 });

    const loggedIn = await entry.call('POST', '/login', {
      json: { username: 'crossface', password: md5(password) },
    });
    expect(loggedIn.body).toMatchObject({ code: 0, result: { username: 'CrossFace' } });
    const entryAuth = { authorization: (loggedIn.body.result as { token: string }).token };

    await entry.call('PUT', '/user/update_user_info', {
      json: { nickname: '亖狼何必装羴2🐎' },
      headers: entryAuth,
    });
    const trpc = server.client();
    const { token } = await trpc.auth.login.mutate({
      username: 'CROSSFACE',
      password,
      via: 'token',
    });
    expect((await server.client(token!).account.profile.query()).nickname).toBe('亖狼何必装羴2🐎');

    await mall.call('POST', '/user/login', { json: { username: 'CrossFace', password } });
    const changed = await mall.call('PUT', '/user/resetPassword', {
      json: { passwordOld: password, passwordNew: 'a whole new password' },
    });
    expect(changed.body).toEqual({ status: 0, msg: '修改密码成功', data: null });

    // The old password is refused on every face; sessions other than mall's own have ended.
    expect(
      (
        await entry.call('POST', '/login', {
          json: { username: 'CrossFace', password: md5(password) },
        })
      ).body,
    ).toMatchObject({ code: 2 });
    expect(await trpc.auth.login.mutate({ username: 'CrossFace', password }).catch(errorKind)).toBe(
      'WRONG_CREDENTIALS',
    );
    expect(
      (
        await restClient(server.url).call('POST', '/user/login', {
          json: { username: 'CrossFace', password },
        })
      ).body,
    ).toMatchObject({
      status: 1,
      msg: '密码错误',
    });
    expect(
      (await entry.call('GET', '/user/get_user_info', { headers: entryAuth })).body,
    ).toMatchObject({ code: 3 });
    expect((await mall.call('GET', '/user/getUserInfo')).body).toMatchObject({ status: 0 });

    // The new one works on every face.
    expect(
      (
        await entry.call('POST', '/login', {
          json: { username: 'CrossFace', password: md5('a whole new password') },
        })
      ).body,
    ).toMatchObject({ code: 0 });
    await trpc.auth.login.mutate({ username: 'CrossFace', password: 'a whole new password' });
  });

  it('an account an admin disables is refused on every face, and works again once enabled', async () => {
    await server.addAccount({ username: 'chief', password: 'chief password', role: ROLE_ADMIN });
    const chief = server.client(
      (
        await server
          .client()
          .auth.login.mutate({ username: 'chief', password: 'chief password', via: 'token' })
      ).token!,
    );
    const { id } = await server.client().account.register.mutate({
      username: 'soon_off',
      password: 'soon off pw',
      email: 'off@example.com',
      question: 'q',
      answer: 'a',
    });
    const mall = restClient(server.url);
    await mall.call('POST', '/user/login', {
      json: { username: 'soon_off', password: 'soon off pw' },
    });

    await chief.admin.setDisabled.mutate({
      userId: id,
      disabled: true,
      password: 'chief password',
    });
    expect((await mall.call('GET', '/user/getUserInfo')).body).toMatchObject({ status: 10 });
    expect(
      (
        await mall.call('POST', '/user/login', {
          json: { username: 'soon_off', password: 'soon off pw' },
        })
      ).body,
    ).toEqual({
      status: 1,
      msg: '该账号已被禁用',
      data: null,
    });
    expect(
      (
        await restClient(server.url).call('POST', '/login', {
          json: { username: 'soon_off', password: md5('soon off pw') },
        })
      ).body,
    ).toMatchObject({ code: 8 });
    expect(
      await server
        .client()
        .auth.login.mutate({ username: 'soon_off', password: 'soon off pw' })
        .catch(errorKind),
    ).toBe('ACCOUNT_DISABLED');

    await chief.admin.setDisabled.mutate({
      userId: id,
      disabled: false,
      password: 'chief password',
    });
    expect(
      (
        await mall.call('POST', '/user/login', {
          json: { username: 'soon_off', password: 'soon off pw' },
        })
      ).body,
    ).toMatchObject({ status: 0 });
  });
});
