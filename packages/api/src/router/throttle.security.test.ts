import { afterAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

// ASVS 2.2.1: failures are throttled per account, whatever address they come from.
const t = createTestInstance({ config: { attempts: { max: 5, windowMs: 60 * 60_000 } } });
afterAll(() => t.close());
const anonymous = () => t.client().caller;

describe('per-account throttling', () => {
  it('refuses even the right password after max failures, until the window passes; other accounts are unaffected', async () => {
    const victim = await t.signedIn();
    const bystander = await t.signedIn();
    for (let i = 0; i < 5; i += 1) {
      await expectKind(anonymous().auth.login({ username: victim.input.username, password: `guess ${i}` }), 'WRONG_CREDENTIALS');
    }
    await expectKind(anonymous().auth.login({ username: victim.input.username.toUpperCase(), password: victim.input.password }), 'RATE_LIMITED');
    await expectKind(anonymous().auth.adminLogin({ username: victim.input.username, password: victim.input.password }), 'RATE_LIMITED');
    await expectKind(
      victim.caller.account.changePassword({ oldPassword: victim.input.password, newPassword: 'a brand new one' }),
      'RATE_LIMITED',
    );
    await anonymous().auth.login({ username: bystander.input.username, password: bystander.input.password });

    t.clock.advance(60 * 60_000 + 1);
    await anonymous().auth.login({ username: victim.input.username, password: victim.input.password });
  });

  it('counts unknown usernames the same way, so the throttle does not reveal accounts', async () => {
    for (let i = 0; i < 5; i += 1) {
      await expectKind(anonymous().auth.login({ username: 'ghost_user', password: `guess ${i}` }), 'WRONG_CREDENTIALS');
    }
    await expectKind(anonymous().auth.login({ username: 'ghost_user', password: 'guess 6' }), 'RATE_LIMITED');
  });

  it('throttles security-question answers too', async () => {
    const victim = await t.signedIn();
    for (let i = 0; i < 5; i += 1) {
      await expectKind(anonymous().recovery.checkAnswer({ username: victim.input.username, answer: `colour ${i}` }), 'WRONG_ANSWER');
    }
    const before = t.dump();
    await expectKind(anonymous().recovery.checkAnswer({ username: victim.input.username, answer: 'Blue' }), 'RATE_LIMITED');
    expect(t.dump()).toEqual(before);
  });
});
