import { md5 } from '@acct/api/testing';
import type { RouterInputs } from '@acct/client';
import { ROLE_CUSTOMER } from '@acct/schema';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from './testing/kind-of.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const alice: RouterInputs['account']['register'] = {
  username: 'Alice_01',
  password: 'alice in wonderland',
  email: 'alice@example.com',
  phone: '+86 138 0013 8000',
  question: '你好吗?',
  answer: '是的',
};

describe('the life of an account, over HTTP through @acct/client', () => {
  it('register → login → profile → picture → password change → logout → recovery', async () => {
    const anonymous = server.client();

    const registered = await anonymous.account.register.mutate(alice);
    expect(registered).toMatchObject({
      username: 'Alice_01',
      email: 'alice@example.com',
      role: ROLE_CUSTOMER,
      pictureUrl: null,
    });
    expect(
      await anonymous.account.checkAvailability.query({ type: 'username', value: 'alice_01' }),
    ).toEqual({ available: false });

    // Log in with the plaintext (mall, SPA) and with the canonical md5 (entry): one account.
    const { token } = await anonymous.auth.login.mutate({
      username: 'alice_01',
      password: alice.password,
      via: 'token',
    });
    const other = await anonymous.auth.login.mutate({
      username: 'ALICE_01',
      passwordMd5: md5(alice.password),
    });
    expect(other.token).toEqual(expect.any(String));
    const me = server.client(token!);
    const device2 = server.client(other.token!);

    const updated = await me.account.updateProfile.mutate({
      nickname: '亖狼何必装羴2',
      phone: null,
    });
    expect(updated.nickname).toBe('亖狼何必装羴2');
    expect(await me.auth.session.query()).toMatchObject({
      username: 'Alice_01',
      nickname: '亖狼何必装羴2',
    });

    const png = await sharp({
      create: { width: 800, height: 600, channels: 4, background: '#ff000080' },
    })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
    const { pictureUrl } = await me.picture.upload.mutate(form);
    expect(pictureUrl).toMatch(/^http:\/\/accounts\.test\/pictures\/[0-9a-f]{32}\.jpg$/);
    const served = await fetch(server.localUrl(pictureUrl));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(await sharp(Buffer.from(await served.arrayBuffer())).metadata()).toMatchObject({
      format: 'jpeg',
      width: 512,
      height: 384,
    });
    expect((await me.account.profile.query()).pictureUrl).toBe(pictureUrl);

    await me.account.changePassword.mutate({
      oldPassword: alice.password,
      newPassword: 'through the looking glass',
    });
    expect(await kindOf(device2.account.profile.query())).toBe('NOT_LOGGED_IN');
    expect(
      await kindOf(anonymous.auth.login.mutate({ username: 'alice_01', password: alice.password })),
    ).toBe('WRONG_CREDENTIALS');

    await me.auth.logout.mutate();
    expect(await kindOf(me.account.profile.query())).toBe('NOT_LOGGED_IN');

    expect(await anonymous.recovery.getQuestion.query({ username: 'alice_01' })).toEqual({
      question: '你好吗?',
    });
    const reset = await anonymous.recovery.checkAnswer.mutate({
      username: 'alice_01',
      question: '你好吗?',
      answer: ' 是的 ',
    });
    await anonymous.recovery.resetPassword.mutate({
      username: 'alice_01',
      token: reset.token,
      newPassword: 'down the rabbit hole',
    });
    const back = await anonymous.auth.login.mutate({
      username: 'alice_01',
      password: 'down the rabbit hole',
      via: 'token',
    });
    expect((await server.client(back.token!).account.profile.query()).nickname).toBe(
      '亖狼何必装羴2',
    );
  });

  it('keeps a browser session in an HttpOnly, SameSite=Lax, host-only cookie', async () => {
    const user = { ...alice, username: 'cookie_user', email: 'cookie@example.com' };
    await server.client().account.register.mutate(user);
    const login = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^sid=[1-9][0-9]*\.[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(JSON.stringify(await login.json())).not.toContain(cookie.split(';')[0]!.slice(4));

    const profile = await fetch(`${server.url}/trpc/account.profile`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(profile.headers.get('cache-control')).toBe('no-store');
    expect(
      ((await profile.json()) as { result: { data: { username: string } } }).result.data.username,
    ).toBe('cookie_user');
  });
});
