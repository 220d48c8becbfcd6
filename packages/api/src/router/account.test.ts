import { verify } from '@node-rs/argon2';
import { ROLE_ADMIN, ROLE_CUSTOMER, profile, sessionUser } from '@acct/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../domain/secrets.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';
import { md5 } from '../testing/md5.ts';

const t = await createTestInstance();
afterAll(() => t.close());
const anonymous = () => t.client().caller;

describe('account.register', () => {
  it('stores argon2id of the canonical md5, with the pepper, never the password', async () => {
    const input = t.newUser({ password: 'pässwörd 🐎 密码 ok' });
    const profile = await anonymous().account.register(input);
    expect(profile).toMatchObject({
      username: input.username,
      email: input.email,
      role: ROLE_CUSTOMER,
      question: input.question,
    });
    expect(profile).not.toHaveProperty('passwordHash');

    const row = t.dump().users!.find((u) => (u as { id: number }).id === profile.id) as {
      password_hash: string;
      answer_hash: string;
    };
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const canonical = md5(input.password);
    const { pepper } = deriveKeys(t.services.config.secret);
    expect(await verify(row.password_hash, canonical, { secret: pepper })).toBe(true);
    // Without the pepper, the database alone does not confirm the password.
    expect(await verify(row.password_hash, canonical).catch(() => false)).toBe(false);
    expect(JSON.stringify(row)).not.toContain(canonical);
    expect(row.answer_hash).toMatch(/^\$argon2id\$/);
  });

  it('salts every hash: one password, two different stored values', async () => {
    const a = await anonymous().account.register(t.newUser({ password: 'same password 1' }));
    const b = await anonymous().account.register(t.newUser({ password: 'same password 1' }));
    const hashes = t
      .dump()
      .users!.filter((u) => [a.id, b.id].includes((u as { id: number }).id))
      .map((u) => (u as { password_hash: string }).password_hash);
    expect(new Set(hashes).size).toBe(2);
  });

  it('refuses a username or email taken in another case, and writes nothing', async () => {
    const first = t.newUser({ username: 'Lambo', email: 'Lambo@Example.com' });
    await anonymous().account.register(first);
    const before = t.dump();
    await expectKind(
      anonymous().account.register(t.newUser({ username: 'lambo' })),
      'USERNAME_TAKEN',
    );
    await expectKind(
      anonymous().account.register(t.newUser({ email: 'LAMBO@example.COM' })),
      'EMAIL_TAKEN',
    );
    expect(t.dump()).toEqual(before);
  });

  it.each([
    ['a missing field', (u: Record<string, unknown>) => ({ ...u, email: undefined })],
    ['a wrong-typed field', (u: Record<string, unknown>) => ({ ...u, username: { $ne: '' } })],
    ['an oversized field', (u: Record<string, unknown>) => ({ ...u, question: 'x'.repeat(5000) })],
    [
      'a username outside the allow list',
      (u: Record<string, unknown>) => ({ ...u, username: "x' OR '1'='1" }),
    ],
    [
      'a field the client may not set',
      (u: Record<string, unknown>) => ({ ...u, role: ROLE_ADMIN }),
    ],
    ['a malformed email', (u: Record<string, unknown>) => ({ ...u, email: 'not-an-email' })],
    ['a phone with letters', (u: Record<string, unknown>) => ({ ...u, phone: '138abc' })],
  ])('refuses %s as INVALID_ARGUMENT and writes nothing', async (_, mutate) => {
    const before = t.dump();
    const input = mutate(t.newUser());
    await expectKind(anonymous().account.register(input as never), 'INVALID_ARGUMENT');
    expect(t.dump()).toEqual(before);
  });

  it.each([
    ['7 characters', 'short12'],
    ['129 characters', 'x'.repeat(129)],
  ])('refuses a password of %s as WEAK_PASSWORD', async (_, password) => {
    const before = t.dump();
    await expectKind(anonymous().account.register(t.newUser({ password })), 'WEAK_PASSWORD');
    expect(t.dump()).toEqual(before);
  });

  it('refuses the username as password, accepts 8 and 128 characters with no composition rules', async () => {
    await expectKind(
      anonymous().account.register(t.newUser({ username: 'samename1', password: 'SameName1' })),
      'WEAK_PASSWORD',
    );
    await anonymous().account.register(t.newUser({ password: 'abcdefgh' }));
    const long = t.newUser({ password: 'y'.repeat(128) });
    await anonymous().account.register(long);
    await anonymous().auth.login({ username: long.username, password: long.password });
  });
});

describe('the hot reads without a run-time output parse', () => {
  // account.profile and auth.session skip tRPC's output validation for speed: what they return
  // must still be exactly their schema, field for field, with nothing riding along.
  it('account.profile and auth.session return exactly the fields of their schemas', async () => {
    const me = await t.signedIn({ phone: '+8613800000000' });
    const own = await me.caller.account.profile();
    expect(Object.keys(own).sort()).toEqual(Object.keys(profile.shape).sort());
    expect(profile.parse(own)).toEqual(own);
    const session = await me.caller.auth.session();
    expect(Object.keys(session!).sort()).toEqual(Object.keys(sessionUser.shape).sort());
    expect(sessionUser.parse(session)).toEqual(session);
  });
});

describe('account.checkAvailability', () => {
  it('compares usernames and emails without regard to case', async () => {
    const input = t.newUser();
    await anonymous().account.register(input);
    const check = anonymous().account.checkAvailability;
    expect(await check({ type: 'username', value: input.username.toUpperCase() })).toEqual({
      available: false,
    });
    expect(await check({ type: 'email', value: input.email.toUpperCase() })).toEqual({
      available: false,
    });
    expect(await check({ type: 'username', value: 'nobody_here' })).toEqual({ available: true });
    await expectKind(check({ type: 'phone', value: '1' } as never), 'INVALID_ARGUMENT');
  });
});

describe('account.updateProfile', () => {
  it('changes nickname (any Unicode), email and phone of the caller only', async () => {
    const me = await t.signedIn();
    const other = await t.signedIn();
    const updated = await me.caller.account.updateProfile({
      nickname: '亖狼何必装羴2🐎',
      email: 'new.me@example.com',
      phone: null,
    });
    expect(updated).toMatchObject({
      nickname: '亖狼何必装羴2🐎',
      email: 'new.me@example.com',
      phone: null,
      username: me.input.username,
    });
    expect((await other.caller.account.profile()).nickname).toBe('');
  });

  it('refuses a taken email, a 65-character nickname, control characters and protected fields, writing nothing', async () => {
    const me = await t.signedIn();
    const other = await t.signedIn();
    const before = t.dump();
    await expectKind(
      me.caller.account.updateProfile({ email: other.input.email.toUpperCase() }),
      'EMAIL_TAKEN',
    );
    await expectKind(
      me.caller.account.updateProfile({ nickname: 'n'.repeat(65) }),
      'INVALID_ARGUMENT',
    );
    await expectKind(me.caller.account.updateProfile({ nickname: 'a\u0000b' }), 'INVALID_ARGUMENT');
    await expectKind(
      me.caller.account.updateProfile({ nickname: 'x', role: ROLE_ADMIN } as never),
      'INVALID_ARGUMENT',
    );
    await expectKind(
      me.caller.account.updateProfile({ nickname: 'x', password: 'p' } as never),
      'INVALID_ARGUMENT',
    );
    await expectKind(me.caller.account.updateProfile({}), 'INVALID_ARGUMENT');
    expect(t.dump()).toEqual(before);
    await me.caller.account.updateProfile({ nickname: 'n'.repeat(63) + '🐎' });
  });

  it('stores template and script text literally', async () => {
    const me = await t.signedIn();
    for (const nickname of ['{{7*7}}', '${7*7}', '"><img src=x onerror=alert(1)>', "O'Hara"]) {
      expect((await me.caller.account.updateProfile({ nickname })).nickname).toBe(nickname);
    }
  });
});

describe('account.changePassword', () => {
  it('needs the current password, ends other sessions, and the old password stops working', async () => {
    const me = await t.signedIn();
    const second = await anonymous().auth.login({
      username: me.input.username,
      password: me.input.password,
      via: 'token',
    });
    const elsewhere = t.client({ token: second.token as string }).caller;

    const before = t.dump();
    await expectKind(
      me.caller.account.changePassword({
        oldPassword: 'wrong password',
        newPassword: 'brand new pass',
      }),
      'WRONG_OLD_PASSWORD',
    );
    await expectKind(
      me.caller.account.changePassword({ oldPassword: me.input.password, newPassword: 'short' }),
      'WEAK_PASSWORD',
    );
    expect(t.dump()).toEqual(before);

    await me.caller.account.changePassword({
      oldPassword: me.input.password,
      newPassword: 'brand new pass',
    });
    await expectKind(elsewhere.account.profile(), 'NOT_LOGGED_IN');
    expect((await me.caller.account.profile()).username).toBe(me.input.username);
    // The old password was cached as verified: the cache must not let it in now.
    await expectKind(
      anonymous().auth.login({ username: me.input.username, password: me.input.password }),
      'WRONG_CREDENTIALS',
    );
    await anonymous().auth.login({ username: me.input.username, password: 'brand new pass' });
    // Changing back to the previous password is allowed (no history rule).
    await me.caller.account.changePassword({
      oldPassword: 'brand new pass',
      newPassword: me.input.password,
    });
  });
});

describe('common passwords (ASVS 2.1.7)', () => {
  it('are refused at registration, password change and recovery, writing nothing', async () => {
    for (const password of ['password1234', 'qwertyuiop12', 'QWERTYUIOP12']) {
      const before = t.dump();
      await expectKind(anonymous().account.register(t.newUser({ password })), 'COMMON_PASSWORD');
      expect(t.dump()).toEqual(before);
    }
    const me = await t.signedIn();
    await expectKind(
      me.caller.account.changePassword({
        oldPassword: me.input.password,
        newPassword: 'password1234',
      }),
      'COMMON_PASSWORD',
    );
    const { token } = await anonymous().recovery.checkAnswer({
      username: me.input.username,
      answer: 'blue',
    });
    await expectKind(
      anonymous().recovery.resetPassword({
        username: me.input.username,
        token,
        newPassword: 'qwertyuiop12',
      }),
      'COMMON_PASSWORD',
    );
    // The token survives the refusal and still works with an uncommon password.
    await anonymous().recovery.resetPassword({
      username: me.input.username,
      token,
      newPassword: 'a rather uncommon phrase',
    });
  });
});
