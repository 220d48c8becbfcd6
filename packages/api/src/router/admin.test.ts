import { ROLE_ADMIN, ROLE_CUSTOMER } from '@acct/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { type TestInstance, createTestInstance } from '../testing/harness.ts';

const t = await createTestInstance();
afterAll(() => t.close());

let admin: Awaited<ReturnType<TestInstance['signedIn']>>;
beforeAll(async () => {
  admin = await t.signedIn({ username: 'the_admin', password: 'admin password 1' });
  await t.repo.users.setRole(admin.profile.id, 1, Date.now());
});

describe('admin procedures', () => {
  it('refuse anonymous callers and customers, at once after a demotion', async () => {
    const customer = await t.signedIn();
    // Thunks: each call starts only when it is awaited, so no refusal goes unhandled meanwhile.
    const calls = (caller: typeof customer.caller) => [
      () => caller.admin.findUser({ id: customer.profile.id }),
      () => caller.admin.listUsers({}),
      () =>
        caller.admin.setRole({
          userId: customer.profile.id,
          role: ROLE_ADMIN,
          password: customer.input.password,
        }),
      () =>
        caller.admin.setDisabled({
          userId: admin.profile.id,
          disabled: true,
          password: customer.input.password,
        }),
      () => caller.admin.revokeSessions({ userId: admin.profile.id }),
      () => caller.admin.factors({ userId: admin.profile.id }),
      () =>
        caller.admin.resetFactors({ userId: admin.profile.id, password: customer.input.password }),
    ];
    const before = t.dump();
    for (const call of calls(t.client().caller)) await expectKind(call(), 'NOT_LOGGED_IN');
    for (const call of calls(customer.caller)) await expectKind(call(), 'FORBIDDEN');
    expect(t.dump()).toEqual(before);

    const demoted = await t.signedIn();
    await t.repo.users.setRole(demoted.profile.id, 1, Date.now());
    expect(
      (await demoted.caller.admin.findUser({ username: customer.input.username.toUpperCase() })).id,
    ).toBe(customer.profile.id);
    await t.repo.users.setRole(demoted.profile.id, 0, Date.now());
    await expectKind(demoted.caller.admin.findUser({ id: customer.profile.id }), 'FORBIDDEN');
  });

  it('lists users by prefix in keyset pages', async () => {
    for (const name of ['Page_a1', 'page_a2', 'PAGE_A3', 'page_b1', 'page_b2'])
      await t.client().caller.account.register(t.newUser({ username: name }));
    const first = await admin.caller.admin.listUsers({ prefix: 'PAGE_', limit: 2 });
    expect(first.users.map((u) => u.username)).toEqual(['Page_a1', 'page_a2']);
    const second = await admin.caller.admin.listUsers({
      prefix: 'page_',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.users.map((u) => u.username)).toEqual(['PAGE_A3', 'page_b1']);
    const third = await admin.caller.admin.listUsers({
      prefix: 'page_',
      limit: 2,
      cursor: second.nextCursor,
    });
    expect(third).toMatchObject({ users: [{ username: 'page_b2' }], nextCursor: null });
    expect(JSON.stringify(first)).not.toMatch(/argon2|password/i);
    for (const limit of [0, -1, 101, Number.POSITIVE_INFINITY, Number.NaN])
      await expectKind(admin.caller.admin.listUsers({ limit }), 'INVALID_ARGUMENT');
    expect((await admin.caller.admin.listUsers({ prefix: '%' })).users).toEqual([]);
  });

  it('changes roles after the admin re-enters the password, and keeps the last admin', async () => {
    const user = await t.signedIn();
    await expectKind(
      admin.caller.admin.setRole({ userId: user.profile.id, role: ROLE_ADMIN, password: 'wrong' }),
      'WRONG_OLD_PASSWORD',
    );
    expect(
      await admin.caller.admin.setRole({
        userId: user.profile.id,
        role: ROLE_ADMIN,
        password: 'admin password 1',
      }),
    ).toMatchObject({ role: ROLE_ADMIN });
    expect((await user.caller.admin.listUsers({ limit: 1 })).users).toHaveLength(1);
    await admin.caller.admin.setRole({
      userId: user.profile.id,
      role: ROLE_CUSTOMER,
      password: 'admin password 1',
    });
    await expectKind(user.caller.admin.listUsers({}), 'FORBIDDEN');
    // Now the_admin is the only one: it can neither demote nor disable itself.
    await expectKind(
      admin.caller.admin.setRole({
        userId: admin.profile.id,
        role: ROLE_CUSTOMER,
        password: 'admin password 1',
      }),
      'LAST_ADMIN',
    );
    await expectKind(
      admin.caller.admin.setDisabled({
        userId: admin.profile.id,
        disabled: true,
        password: 'admin password 1',
      }),
      'LAST_ADMIN',
    );
    await expectKind(
      admin.caller.admin.setRole({
        userId: 999_999,
        role: ROLE_ADMIN,
        password: 'admin password 1',
      }),
      'USER_NOT_FOUND',
    );
  });

  it('disables an account: sessions end, login is refused even from the credential cache, enabling restores it', async () => {
    const user = await t.signedIn();
    // A verified login puts the credential in the cache.
    await t
      .client()
      .caller.auth.login({ username: user.input.username, password: user.input.password });
    expect(
      await admin.caller.admin.setDisabled({
        userId: user.profile.id,
        disabled: true,
        password: 'admin password 1',
      }),
    ).toMatchObject({ disabled: true });
    await expectKind(user.caller.account.profile(), 'NOT_LOGGED_IN');
    await expectKind(
      t
        .client()
        .caller.auth.login({ username: user.input.username, password: user.input.password }),
      'ACCOUNT_DISABLED',
    );
    await expectKind(
      t.client().caller.auth.login({ username: user.input.username, password: 'wrong password' }),
      'WRONG_CREDENTIALS',
    );
    await admin.caller.admin.setDisabled({
      userId: user.profile.id,
      disabled: false,
      password: 'admin password 1',
    });
    await t
      .client()
      .caller.auth.login({ username: user.input.username, password: user.input.password });
  });

  it('revokes every session of a user', async () => {
    const user = await t.signedIn();
    expect(await admin.caller.admin.revokeSessions({ userId: user.profile.id })).toEqual({
      ended: 1,
    });
    await expectKind(user.caller.account.profile(), 'NOT_LOGGED_IN');
  });
});
