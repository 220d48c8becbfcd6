import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from './testing/kind-of.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  const anonymous = server.client();
  await anonymous.account.register.mutate({
    username: 'victim',
    password: 'victim password',
    email: 'v@example.com',
    question: 'q?',
    answer: 'a',
  });
  token = (
    await anonymous.auth.login.mutate({
      username: 'victim',
      password: 'victim password',
      via: 'token',
    })
  ).token!;
});
afterAll(() => server.close());

/** Raw HTTP, for what the typed client would never send. */
async function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    body,
    headers: { authorization: token, ...headers },
  });
  const json = (await response.json()) as {
    error?: { message: string; data: { kind: string; httpStatus: number } };
  };
  return {
    status: response.status,
    kind: json.error?.data.kind,
    message: json.error?.message,
    headers: response.headers,
  };
}

describe('bad input over HTTP: a clear typed error, and nothing written', () => {
  it.each([
    [
      'missing fields',
      () => server.client().account.register.mutate({ username: 'newbie' } as never),
      'INVALID_ARGUMENT',
    ],
    [
      'a wrong-typed field',
      () => server.client().auth.login.mutate({ username: ['a'], password: 'x' } as never),
      'INVALID_ARGUMENT',
    ],
    [
      'an oversized field',
      () => server.client(token).account.updateProfile.mutate({ nickname: '长'.repeat(65) }),
      'INVALID_ARGUMENT',
    ],
    [
      'an unknown user',
      () => server.client().auth.login.mutate({ username: 'nobody', password: 'whatever1' }),
      'WRONG_CREDENTIALS',
    ],
    [
      'a wrong password',
      () => server.client().auth.login.mutate({ username: 'victim', password: 'not it at all' }),
      'WRONG_CREDENTIALS',
    ],
    [
      'a forged token',
      () => server.client(`1.${'A'.repeat(43)}`).account.updateProfile.mutate({ nickname: 'x' }),
      'NOT_LOGGED_IN',
    ],
    [
      'a weak new password',
      () =>
        server
          .client(token)
          .account.changePassword.mutate({ oldPassword: 'victim password', newPassword: 'victim' }),
      'WEAK_PASSWORD',
    ],
    [
      'a forged reset token',
      () =>
        server.client().recovery.resetPassword.mutate({
          username: 'victim',
          token: 'x'.repeat(43),
          newPassword: 'new password!',
        }),
      'BAD_RESET_TOKEN',
    ],
  ])('%s', async (_, call, kind) => {
    const before = server.dump();
    expect(await kindOf(call())).toBe(kind);
    expect(server.dump()).toEqual(before);
  });

  it('a revoked token and an expired one stop working', async () => {
    const anonymous = server.client();
    const revoked = (
      await anonymous.auth.login.mutate({
        username: 'victim',
        password: 'victim password',
        via: 'token',
      })
    ).token!;
    await server.client(revoked).auth.logout.mutate();
    expect(await kindOf(server.client(revoked).account.profile.query())).toBe('NOT_LOGGED_IN');

    const short = await startTestServer({ SESSION_IDLE_MINUTES: '1', SESSION_MAX_HOURS: '1' });
    try {
      await short.client().account.register.mutate({
        username: 'brief',
        password: 'brief password',
        email: 'b@example.com',
        question: 'q',
        answer: 'a',
      });
      const t = (
        await short
          .client()
          .auth.login.mutate({ username: 'brief', password: 'brief password', via: 'token' })
      ).token!;
      expect((await short.client(t).account.profile.query()).username).toBe('brief');
      // Age the session in the database as an hour would.
      await short.store.execute(`update sessions set expires_at = ${Date.now() - 1}`);
      expect(await kindOf(short.client(t).account.profile.query())).toBe('NOT_LOGGED_IN');
    } finally {
      await short.close();
    }
  });

  it('malformed JSON is MALFORMED_REQUEST with HTTP 400 and no parser text', async () => {
    const before = server.dump();
    const r = await post('account.updateProfile', '{"nickname": ', {
      'content-type': 'application/json',
    });
    expect(r).toMatchObject({
      status: 400,
      kind: 'MALFORMED_REQUEST',
      message: 'Malformed request',
    });
    expect(server.dump()).toEqual(before);
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const r = await post(
      'account.updateProfile',
      JSON.stringify({ nickname: 'x'.repeat(1_100_000) }),
      { 'content-type': 'application/json' },
    );
    expect(r).toMatchObject({ status: 413, kind: 'PAYLOAD_TOO_LARGE' });
  });

  it('a CORS-simple text/plain body is refused with 415, not parsed', async () => {
    const r = await post('account.updateProfile', JSON.stringify({ nickname: 'csrf' }), {
      'content-type': 'text/plain',
    });
    expect(r).toMatchObject({ status: 415, kind: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('a non-image upload is BAD_UPLOAD; an upload over the cap is 413 before it is read', async () => {
    const before = server.dump();
    const form = new FormData();
    form.append(
      'file',
      new Blob(['<?php system($_GET["c"]); ?>'], { type: 'image/png' }),
      'shell.png',
    );
    expect(await kindOf(server.client(token).picture.upload.mutate(form))).toBe('BAD_UPLOAD');

    const big = new FormData();
    big.append(
      'file',
      new Blob([new Uint8Array(6 * 1024 * 1024)], { type: 'image/jpeg' }),
      'big.jpg',
    );
    const r = await post('picture.upload', big);
    expect(r).toMatchObject({ status: 413, kind: 'PAYLOAD_TOO_LARGE' });
    expect(server.dump()).toEqual(before);
  });

  it('a cookie request from a foreign origin is refused, a same-origin one is served', async () => {
    const before = server.dump();
    const body = JSON.stringify({ nickname: 'csrf' });
    const json = { 'content-type': 'application/json' };
    expect(
      await post('account.updateProfile', body, { ...json, origin: 'https://evil.example' }),
    ).toMatchObject({ status: 403, kind: 'FORBIDDEN' });
    expect(await post('account.updateProfile', body, { ...json, origin: 'null' })).toMatchObject({
      status: 403,
      kind: 'FORBIDDEN',
    });
    expect(server.dump()).toEqual(before);
    expect(
      (await post('account.updateProfile', body, { ...json, origin: server.url })).status,
    ).toBe(200);
  });

  it('a batch over 10 calls is refused', async () => {
    const paths = Array.from({ length: 11 }, () => 'auth.session').join(',');
    const response = await fetch(
      `${server.url}/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`,
    );
    expect(response.status).toBe(400);
  });
});
