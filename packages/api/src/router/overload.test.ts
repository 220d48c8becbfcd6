import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../errors.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

// Issue 15: password work that would not finish in time is refused at once, before it changes
// anything. A budget of 1 ms admits one operation at a time; the tests hold that one open, so
// the queue is over budget for as long as they look.
const t = await createTestInstance({ config: { passwordQueueBudgetMs: 1 } });
afterAll(() => t.close());
const anonymous = () => t.client().caller;

/** Admits one operation that ends only when `release` is called: the queue is full meanwhile. */
function holdTheQueue() {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const holding = t.services.passwords.admit(() => held);
  return {
    async release() {
      release();
      await holding;
    },
  };
}

/** Fails with OVERLOADED and a Retry-After of at least a second. */
async function expectOverloaded(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected OVERLOADED, but the call succeeded').not.toBeNull();
  expect(describeError(error)).toMatchObject({ kind: 'OVERLOADED' });
  expect(describeError(error).retryAfterSeconds).toBeGreaterThanOrEqual(1);
}

describe('password work over budget', () => {
  it('a remembered credential still signs in; a check that would hash is refused and leaves no trace', async () => {
    // Registered and signed in once: the credential is remembered.
    const me = await t.signedIn();
    const queue = holdTheQueue();
    try {
      const { user } = await anonymous().auth.login({
        username: me.input.username,
        password: me.input.password,
      });
      expect(user.username).toBe(me.input.username);

      const before = t.dumpAll();
      const refusedBefore = t.services.passwords.queue().refused;
      const wrong = { username: me.input.username, password: 'not the password' };
      await expectOverloaded(anonymous().auth.login(wrong));
      await expectOverloaded(anonymous().auth.signIn(wrong));
      await expectOverloaded(anonymous().auth.adminLogin(wrong));
      await expectOverloaded(
        anonymous().auth.login({ username: 'nobody_here', password: 'whatever it is' }),
      );
      // No throttle hit reserved or counted, no audit event, no session.
      expect(t.dumpAll()).toEqual(before);
      expect(t.services.passwords.queue().refused - refusedBefore).toBe(4);
    } finally {
      await queue.release();
    }
    await expectKind(
      anonymous().auth.login({ username: me.input.username, password: 'not the password' }),
      'WRONG_CREDENTIALS',
    );
  });

  it('refuses registration, recovery and a password change before they count, hash or write', async () => {
    const me = await t.signedIn();
    const newcomer = t.newUser();
    const queue = holdTheQueue();
    try {
      const before = t.dumpAll();
      // Spends no registration allowance, looks up no name, inserts no user.
      await expectOverloaded(anonymous().account.register(newcomer));
      await expectOverloaded(
        anonymous().recovery.checkAnswer({ username: me.input.username, answer: 'Blue' }),
      );
      await expectOverloaded(
        anonymous().recovery.resetPassword({
          username: me.input.username,
          token: 'no such token',
          newPassword: 'a new password',
        }),
      );
      // The current password is remembered, so only the new one's hash needs the queue.
      await expectOverloaded(
        me.caller.account.changePassword({
          oldPassword: me.input.password,
          newPassword: 'another password',
        }),
      );
      expect(t.dumpAll()).toEqual(before);
    } finally {
      await queue.release();
    }
    // With the queue free again, the same calls go through.
    await anonymous().account.register(newcomer);
    await me.caller.account.changePassword({
      oldPassword: me.input.password,
      newPassword: 'another password',
    });
    expect(t.services.passwords.queue().admitted).toBe(0);
  });
});
