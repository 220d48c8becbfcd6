import { afterAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

const t = await createTestInstance();
afterAll(() => t.close());

describe('sessions', () => {
  it('lists the caller’s own live sessions with the current one marked', async () => {
    const me = await t.signedIn();
    await t.signedIn(); // someone else's session must not show up
    await t.client().caller.auth.login({
      username: me.input.username,
      password: me.input.password,
      via: 'token',
    });
    const list = await me.caller.sessions.list();
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list[0]).toMatchObject({ userAgent: 'vitest', ip: '127.0.0.1', current: true });
    expect(JSON.stringify(list)).not.toContain(me.token);
  });

  it('signs out everywhere else after the password is re-entered', async () => {
    const me = await t.signedIn();
    const other = await t.client().caller.auth.login({
      username: me.input.username,
      password: me.input.password,
      via: 'token',
    });
    const elsewhere = t.client({ token: other.token! }).caller;
    const before = t.dump();
    await expectKind(
      me.caller.sessions.signOutOthers({ password: 'not my password' }),
      'WRONG_OLD_PASSWORD',
    );
    expect(t.dump()).toEqual(before);
    expect(await me.caller.sessions.signOutOthers({ password: me.input.password })).toEqual({
      ended: 1,
    });
    await expectKind(elsewhere.account.profile(), 'NOT_LOGGED_IN');
    expect(await me.caller.sessions.list()).toHaveLength(1);
  });
});
