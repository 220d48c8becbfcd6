import { ROLE_ADMIN } from '@acct/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../errors.ts';
import { enrollTotp } from '../testing/enrol-totp.ts';
import { expectKind } from '../testing/expect-kind.ts';
import { createTestInstance } from '../testing/harness.ts';
import { md5 } from '../testing/md5.ts';

const t = await createTestInstance();
afterAll(() => t.close());
const anonymous = () => t.client().caller;

describe('auth.login', () => {
  it('with via=cookie sets an HttpOnly SameSite=Lax cookie and returns no token', async () => {
    const input = t.newUser();
    await anonymous().account.register(input);
    const browser = t.client();
    const out = await browser.caller.auth.login({
      username: input.username,
      password: input.password,
    });
    expect(out.token).toBeNull();
    expect(out.user.username).toBe(input.username);
    expect(browser.cookies.get('sid')).toMatch(/^[1-9][0-9]*\.[A-Za-z0-9_-]{43}$/);
    expect((await browser.caller.account.profile()).username).toBe(input.username);
    expect(await browser.caller.auth.session()).toMatchObject({ username: input.username });
  });

  it('with via=token returns a fresh "<id>.<256-bit secret>" each time; the database keeps only the secret\'s SHA-256', async () => {
    const input = t.newUser();
    await anonymous().account.register(input);
    const login = () =>
      anonymous().auth.login({ username: input.username, password: input.password, via: 'token' });
    const [a, b] = [(await login()).token!, (await login()).token!];
    expect(a).not.toBe(b);
    const [idA, secretA] = a.split('.') as [string, string];
    expect(secretA).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(t.dump().sessions);
    expect(stored).not.toContain(secretA);
    // The id alone, or with another session's secret, opens nothing.
    const secretB = b.split('.')[1]!;
    await expectKind(
      t.client({ token: `${idA}.${secretB}` }).caller.account.profile(),
      'NOT_LOGGED_IN',
    );
    await expectKind(
      t.client({ token: `${idA}.${'A'.repeat(43)}` }).caller.account.profile(),
      'NOT_LOGGED_IN',
    );
    // The bare token (as the entry document sends it) and the Bearer form both work.
    expect((await t.client({ token: a }).caller.account.profile()).username).toBe(input.username);
    expect((await t.client({ token: `Bearer ${b}` }).caller.account.profile()).username).toBe(
      input.username,
    );
  });

  it('accepts the canonical md5 (entry dialect), case-insensitively in its hex, for any username case', async () => {
    const input = t.newUser({ username: 'CaseKept', password: 'pässwörd 🐎 密码 ok' });
    await anonymous().account.register(input);
    const out = await anonymous().auth.login({
      username: 'casekept',
      passwordMd5: md5(input.password).toUpperCase(),
    });
    expect(out.user.username).toBe('CaseKept');
    expect(out.token).toEqual(expect.any(String));
    await expectKind(
      anonymous().auth.login({ username: 'casekept', passwordMd5: 'not-md5' }),
      'INVALID_ARGUMENT',
    );
  });

  it('answers an unknown user and a wrong password with the same kind and message', async () => {
    const input = t.newUser();
    await anonymous().account.register(input);
    const before = t.dump();
    const wrong = await anonymous()
      .auth.login({ username: input.username, password: 'wrong password' })
      .catch((e: Error) => e);
    const unknown = await anonymous()
      .auth.login({ username: 'nobody_at_all', password: 'wrong password' })
      .catch((e: Error) => e);
    expect(describeError(wrong).kind).toBe('WRONG_CREDENTIALS');
    expect((unknown as Error).message).toBe((wrong as Error).message);
    expect(describeError(unknown).kind).toBe('WRONG_CREDENTIALS');
    expect(t.dump()).toEqual(before);
  });

  it('never truncates: a prefix of a long password fails', async () => {
    const password = 'p'.repeat(60) + 'q'.repeat(40);
    const input = t.newUser({ password });
    await anonymous().account.register(input);
    await expectKind(
      anonymous().auth.login({ username: input.username, password: password.slice(0, 72) }),
      'WRONG_CREDENTIALS',
    );
    await expectKind(
      anonymous().auth.login({ username: input.username, password: password.slice(0, 99) }),
      'WRONG_CREDENTIALS',
    );
    await anonymous().auth.login({ username: input.username, password });
  });

  it('refuses wrong-typed and injected input', async () => {
    await expectKind(
      anonymous().auth.login({ username: { $ne: '' }, password: 'x' } as never),
      'INVALID_ARGUMENT',
    );
    await expectKind(
      anonymous().auth.login({ username: 'abc', password: { $ne: '' } } as never),
      'INVALID_ARGUMENT',
    );
    await expectKind(
      anonymous().auth.login({ username: "x' OR '1'='1", password: 'x' }),
      'INVALID_ARGUMENT',
    );
  });
});

describe('auth.adminLogin', () => {
  it('refuses a customer with the right password and opens no session', async () => {
    const input = t.newUser();
    await anonymous().account.register(input);
    const before = t.dump().sessions;
    await expectKind(
      anonymous().auth.adminLogin({ username: input.username, password: input.password }),
      'NOT_ADMIN',
    );
    expect(t.dump().sessions).toEqual(before);
  });

  it('lets role 1 in', async () => {
    const input = t.newUser();
    const { id } = await anonymous().account.register(input);
    await t.repo.users.setRole(id, 1, Date.now());
    const out = await anonymous().auth.adminLogin({
      username: input.username,
      password: input.password,
      via: 'token',
    });
    expect(out.user.role).toBe(ROLE_ADMIN);
  });
});

describe('auth.adminSignIn', () => {
  it('refuses a customer at the password step, before any challenge', async () => {
    const input = t.newUser();
    await anonymous().account.register(input);
    const before = t.dumpAll().auth_challenges;
    await expectKind(
      anonymous().auth.adminSignIn({ username: input.username, password: input.password }),
      'NOT_ADMIN',
    );
    expect(t.dumpAll().auth_challenges).toEqual(before);
  });

  it("gives an administrator with TOTP a second step whose session is an administrator's sign-in", async () => {
    const input = t.newUser();
    const { id } = await anonymous().account.register(input);
    await t.repo.users.setRole(id, ROLE_ADMIN, Date.now());
    const totp = await enrollTotp(t.services, id);
    const step = await anonymous().auth.adminSignIn({
      username: input.username,
      password: input.password,
    });
    if (step.step !== 'second_factor') throw new Error('expected a second step');
    t.clock.advance(30_000);
    const done = await anonymous().auth.secondFactor({
      challenge: step.challenge,
      code: totp.codeAt(),
    });
    expect(done.user.role).toBe(ROLE_ADMIN);
    const [event] = await t.repo.audit.list({ userId: id, kinds: ['admin_login'], limit: 1 });
    expect(event).toMatchObject({ outcome: 'success' });
    expect(JSON.parse(event!.detail!)).toEqual({ via: 'cookie', factor: 'totp' });
  });
});

describe('sessions', () => {
  it('logout ends this session only and clears the cookie', async () => {
    const me = await t.signedIn();
    const other = await anonymous().auth.login({
      username: me.input.username,
      password: me.input.password,
      via: 'token',
    });
    await me.caller.auth.logout();
    await expectKind(me.caller.account.profile(), 'NOT_LOGGED_IN');
    await expectKind(me.caller.auth.logout(), 'NOT_LOGGED_IN');
    expect((await t.client({ token: other.token! }).caller.account.profile()).username).toBe(
      me.input.username,
    );

    const browser = t.client();
    await browser.caller.auth.login({ username: me.input.username, password: me.input.password });
    expect(browser.cookies.has('sid')).toBe(true);
    await browser.caller.auth.logout();
    expect(browser.cookies.has('sid')).toBe(false);
  });

  it('end after 30 idle minutes, and after 12 hours however active', async () => {
    const me = await t.signedIn();
    t.clock.advance(29 * 60_000);
    await me.caller.account.profile(); // activity moves last-seen
    t.clock.advance(29 * 60_000);
    await me.caller.account.profile();
    t.clock.advance(31 * 60_000);
    await expectKind(me.caller.account.profile(), 'NOT_LOGGED_IN');

    const active = await t.signedIn();
    for (let hour = 0; hour < 12; hour += 1) {
      t.clock.advance(20 * 60_000);
      await active.caller.account.profile();
      t.clock.advance(20 * 60_000);
      await active.caller.account.profile();
      t.clock.advance(20 * 60_000);
      if (hour < 11) await active.caller.account.profile();
    }
    await expectKind(active.caller.account.profile(), 'NOT_LOGGED_IN');
  });

  it('refuse forged, malformed and oversized tokens', async () => {
    for (const token of [
      'x'.repeat(43),
      'short',
      'a'.repeat(10_000),
      'tok en with spaces',
      '6ab3f8e9ef36cdf3036673ee2934eb9a',
    ]) {
      await expectKind(t.client({ token }).caller.account.profile(), 'NOT_LOGGED_IN');
    }
    expect(await t.client({ token: 'x'.repeat(43) }).caller.auth.session()).toBeNull();
  });
});
