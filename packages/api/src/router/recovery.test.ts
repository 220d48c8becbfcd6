import { afterAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

const t = await createTestInstance();
afterAll(() => t.close());
const anonymous = () => t.client().caller;

async function tokenFor(username: string, answer = 'Blue') {
  return (await anonymous().recovery.checkAnswer({ username, answer })).token;
}

describe('recovery', () => {
  it('question → answer (trimmed, case-folded) → token → new password; every session ends', async () => {
    const me = await t.signedIn({ question: '你好吗?', answer: '是的 Yes' });
    expect(
      await anonymous().recovery.getQuestion({ username: me.input.username.toUpperCase() }),
    ).toEqual({ question: '你好吗?' });
    const token = await tokenFor(me.input.username, '  是的 yES ');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(t.dump().recovery_tokens)).not.toContain(token);

    await anonymous().recovery.resetPassword({
      username: me.input.username,
      token,
      newPassword: 'recovered password',
    });
    await expectKind(me.caller.account.profile(), 'NOT_LOGGED_IN');
    await expectKind(
      anonymous().auth.login({ username: me.input.username, password: me.input.password }),
      'WRONG_CREDENTIALS',
    );
    await anonymous().auth.login({ username: me.input.username, password: 'recovered password' });
  });

  it('names unknown users and users without a question, as the mall document requires', async () => {
    await expectKind(
      anonymous().recovery.getQuestion({ username: 'no_such_user' }),
      'USER_NOT_FOUND',
    );
    await expectKind(
      anonymous().recovery.checkAnswer({ username: 'no_such_user', answer: 'x' }),
      'USER_NOT_FOUND',
    );
    const { id } = await t.repo.users.insert({
      username: 'cli_made',
      passwordHash: 'x',
      createdAt: Date.now(),
    });
    expect(id).toBeGreaterThan(0);
    await expectKind(
      anonymous().recovery.getQuestion({ username: 'cli_made' }),
      'NO_RECOVERY_QUESTION',
    );
  });

  it('refuses a wrong answer and writes nothing', async () => {
    const me = await t.signedIn();
    const before = t.dump();
    await expectKind(
      anonymous().recovery.checkAnswer({ username: me.input.username, answer: 'Red' }),
      'WRONG_ANSWER',
    );
    await expectKind(
      anonymous().recovery.checkAnswer({
        username: me.input.username,
        answer: { $ne: '' },
      } as never),
      'INVALID_ARGUMENT',
    );
    expect(t.dump()).toEqual(before);
  });

  it('refuses a token reused, expired, superseded, forged or sent with another username', async () => {
    const me = await t.signedIn();
    const other = await t.signedIn();
    const reset = (token: string, username = me.input.username) =>
      anonymous().recovery.resetPassword({ username, token, newPassword: 'another password' });

    const used = await tokenFor(me.input.username);
    await reset(used);
    await expectKind(reset(used), 'BAD_RESET_TOKEN');

    const expiring = await tokenFor(me.input.username);
    t.clock.advance(10 * 60_000 + 1);
    await expectKind(reset(expiring), 'BAD_RESET_TOKEN');

    const older = await tokenFor(me.input.username);
    const newer = await tokenFor(me.input.username);
    await expectKind(reset(older), 'BAD_RESET_TOKEN');

    await expectKind(reset(newer, other.input.username), 'BAD_RESET_TOKEN');
    await expectKind(reset('x'.repeat(43)), 'BAD_RESET_TOKEN');
    await expectKind(reset(newer, 'no_such_user'), 'BAD_RESET_TOKEN');
    const before = t.dump();
    await expectKind(
      reset(newer).then(() => reset(newer)),
      'BAD_RESET_TOKEN',
    );
    expect(t.dump().recovery_tokens).toEqual([]);
    expect(before.recovery_tokens).toHaveLength(1);
  });

  it('applies the new-password rule and keeps the token when it refuses', async () => {
    const me = await t.signedIn();
    const token = await tokenFor(me.input.username);
    await expectKind(
      anonymous().recovery.resetPassword({
        username: me.input.username,
        token,
        newPassword: me.input.username,
      }),
      'WEAK_PASSWORD',
    );
    await anonymous().recovery.resetPassword({
      username: me.input.username,
      token,
      newPassword: 'a fine password',
    });
  });
});
