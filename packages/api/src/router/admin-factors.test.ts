import { afterAll, describe, expect, it } from 'vitest';
import { enrollTotp } from '../testing/enrol-totp.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';

const t = await createTestInstance();
afterAll(() => t.close());

const admin = await t.signedIn({ password: 'admin password 1' });
await t.repo.users.setRole(admin.profile.id, 1, Date.now());

describe('an administrator and a user’s second factors', () => {
  it('sees whether a user has factors, and resets them after re-entering the password', async () => {
    const user = await t.signedIn();
    expect(await admin.caller.admin.factors({ userId: user.profile.id })).toEqual({
      totp: false,
      passkeys: 0,
    });
    await enrollTotp(t.services, user.profile.id);
    expect(await admin.caller.admin.factors({ userId: user.profile.id })).toEqual({
      totp: true,
      passkeys: 0,
    });

    const before = t.dump();
    await expectKind(
      admin.caller.admin.resetFactors({ userId: user.profile.id, password: 'not mine' }),
      'WRONG_OLD_PASSWORD',
    );
    expect(t.dump()).toEqual(before);
    expect(
      await admin.caller.admin.resetFactors({
        userId: user.profile.id,
        password: admin.input.password,
      }),
    ).toEqual({ totp: true, passkeys: 0 });
    await expectKind(
      admin.caller.admin.resetFactors({ userId: 999_999, password: admin.input.password }),
      'USER_NOT_FOUND',
    );

    // The password alone signs in again, and the user is told an administrator did it.
    const signIn = await t.client().caller.auth.signIn({
      username: user.input.username,
      password: user.input.password,
    });
    expect(signIn.step).toBe('signed_in');
    if (signIn.step === 'signed_in')
      expect(signIn.notices.map((n) => n.kind)).toContain('factors_reset');
    const [event] = await t.repo.audit.list({
      userId: user.profile.id,
      kinds: ['factors_reset'],
      limit: 1,
    });
    expect(event).toMatchObject({ actorId: admin.profile.id, outcome: 'success' });
    expect(JSON.parse(event!.detail!)).toEqual({ totp: true, passkeys: 0 });
  });
});
