import { afterAll, describe, expect, it } from 'vitest';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

const t = createTestInstance();
afterAll(() => t.close());

describe('admin procedures', () => {
  it('refuse anonymous callers and customers, at once after a demotion', async () => {
    const customer = await t.signedIn();
    await expectKind(t.client().caller.admin.findUser({ id: customer.profile.id }), 'NOT_LOGGED_IN');
    await expectKind(customer.caller.admin.findUser({ id: customer.profile.id }), 'FORBIDDEN');

    const admin = await t.signedIn();
    await t.repo.users.setRole(admin.profile.id, 1, Date.now());
    expect(await admin.caller.admin.findUser({ username: customer.input.username.toUpperCase() })).toMatchObject({
      id: customer.profile.id,
      email: customer.input.email,
    });
    await expectKind(admin.caller.admin.findUser({ id: 987654 }), 'USER_NOT_FOUND');
    await expectKind(admin.caller.admin.findUser({ id: -1 }), 'INVALID_ARGUMENT');

    await t.repo.users.setRole(admin.profile.id, 0, Date.now());
    await expectKind(admin.caller.admin.findUser({ id: customer.profile.id }), 'FORBIDDEN');
  });
});
