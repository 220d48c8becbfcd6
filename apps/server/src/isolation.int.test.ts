import { errorKind } from '@acct/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from './testing/kind-of.ts';
import { type TestServer, startTestServer } from './testing/start-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function signUp(username: string) {
  const anonymous = server.client();
  const profile = await anonymous.account.register.mutate({
    username,
    password: `${username} secret pw`,
    email: `${username}@example.com`,
    question: 'q?',
    answer: 'a',
  });
  const { token } = await anonymous.auth.login.mutate({
    username,
    password: `${username} secret pw`,
    via: 'token',
  });
  return { profile, client: server.client(token!) };
}

describe('two users', () => {
  it('each sees and changes only their own account', async () => {
    const first = await signUp('first_user');
    const second = await signUp('second_user');
    expect((await second.client.account.profile.query()).id).toBe(second.profile.id);

    // No procedure takes another user's id: extra fields are refused, never followed.
    const before = server.dump();
    expect(
      await kindOf(
        second.client.account.updateProfile.mutate({
          nickname: 'x',
          id: first.profile.id,
        } as never),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      await kindOf(second.client.account.updateProfile.mutate({ email: 'first_user@example.com' })),
    ).toBe('EMAIL_TAKEN');
    expect(server.dump()).toEqual(before);

    await second.client.account.updateProfile.mutate({ nickname: 'second only' });
    expect((await first.client.account.profile.query()).nickname).toBe('');
  });

  it('an admin-only procedure is refused to a customer and to nobody, answered for an admin', async () => {
    const customer = await signUp('just_customer');
    expect(await kindOf(customer.client.admin.findUser.query({ id: customer.profile.id }))).toBe(
      'FORBIDDEN',
    );
    expect(await kindOf(server.client().admin.findUser.query({ id: customer.profile.id }))).toBe(
      'NOT_LOGGED_IN',
    );
    expect(
      await kindOf(
        server.client().auth.adminLogin.mutate({
          username: 'just_customer',
          password: 'just_customer secret pw',
        }),
      ),
    ).toBe('NOT_ADMIN');
  });

  it('in one batch, an admin call is refused while the user call is answered', async () => {
    const customer = await signUp('batch_user');
    const [profile, admin] = await Promise.allSettled([
      customer.client.account.profile.query(),
      customer.client.admin.findUser.query({ id: 1 }),
    ]);
    expect(profile.status === 'fulfilled' && profile.value.username).toBe('batch_user');
    expect(admin.status === 'rejected' && errorKind(admin.reason)).toBe('FORBIDDEN');
  });
});
