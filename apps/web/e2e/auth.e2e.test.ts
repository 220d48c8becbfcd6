import { ROLE_CUSTOMER } from '@acct/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';
import {
  alert,
  atPath,
  createUser,
  dbUsers,
  domText,
  notice,
  pathname,
  poll,
  shown,
  signIn,
  submitSignIn,
  watchErrors,
} from './helpers.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

describe('registration', () => {
  it('checks availability and password rules as you type, and refuses to register without consent', async () => {
    const taken = await createUser(e2e, 'taken_name');
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    const registerCalls: string[] = [];
    page.on(
      'request',
      (request) => request.url().includes('account.register') && registerCalls.push(request.url()),
    );

    await page.goto('/register');
    await shown(page.getByRole('heading', { name: 'Create an account' }));

    const username = page.getByLabel('Username');
    await username.fill(taken.username);
    await shown(page.getByText('This username is already taken.'));
    await username.fill('Taken_Name'); // unique without regard to case
    await shown(page.getByText('This username is already taken.'));
    await username.fill('fresh_name');
    await shown(page.getByText('This username is available.'));
    expect(await page.getByText('This username is already taken.').count()).toBe(0);

    const email = page.getByLabel('Email');
    await email.fill(taken.email);
    await shown(page.getByText('This email is already in use.'));
    await email.fill('fresh@example.com');
    await shown(page.getByText('This email is not registered yet.'));

    // The rules and the meter follow each key press.
    const password = page.getByLabel('Password', { exact: true });
    const meter = page.locator('.strength meter');
    await shown(
      page.getByText('Use 8–128 characters. A longer passphrase is stronger: 15 or more is best.'),
    );
    await password.pressSequentially('abc');
    await shown(page.getByText('Use between 8 and 128 characters.'));
    await shown(page.getByText('Strength: weak'));
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await meter.getAttribute('value')).toBe('1');
    await password.pressSequentially('defgh');
    await shown(page.getByText('Strength: fair'));
    expect(await page.getByText('Use between 8 and 128 characters.').count()).toBe(0);
    expect(await password.getAttribute('aria-invalid')).toBeNull();
    await password.pressSequentially('1X');
    await shown(page.getByText('Strength: good'));
    await password.pressSequentially(' and more');
    await shown(page.getByText('Strength: strong'));
    expect(await meter.getAttribute('value')).toBe('4');
    await password.fill('FRESH_NAME');
    await shown(page.getByText('Your password cannot be your username.'));
    await password.fill('correct horse battery staple');
    await shown(page.getByText('Strength: strong'));
    expect(await page.getByText('Your password cannot be your username.').count()).toBe(0);

    await page.getByLabel('Phone (optional)').fill('+86 138 0013 8000');
    await page.getByLabel('Security question').fill('Favourite colour?');
    await page.getByLabel('Answer').fill('Blue');
    await page.getByRole('button', { name: 'Create account' }).click();
    await shown(alert(page, 'Please agree to the use of your data to continue.'));
    expect(
      await page.getByLabel('I agree to this use of my data').getAttribute('aria-invalid'),
    ).toBe('true');
    await e2e.screenshot(page, 'register-consent-error-en');
    expect(registerCalls).toEqual([]);
    expect(dbUsers(e2e).map((u) => u.username)).not.toContain('fresh_name');

    await page.getByLabel('I agree to this use of my data').check();
    expect(await page.getByText('Please agree to the use of your data to continue.').count()).toBe(
      0,
    );
    await e2e.screenshot(page, 'register-filled-en');
    await page.getByRole('button', { name: 'Create account' }).click();
    await atPath(page, '/signin');
    expect(new URL(page.url()).search).toBe('?registered=1');
    await shown(notice(page, 'Account created. Sign in to continue.'));
    const created = dbUsers(e2e).find((u) => u.username === 'fresh_name');
    expect(created).toMatchObject({
      email: 'fresh@example.com',
      phone: '+86 138 0013 8000',
      role: ROLE_CUSTOMER,
    });
    expect(registerCalls).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

describe('signing in and out', () => {
  it('shows a wrong password as an alert and stays usable', async () => {
    const account = await createUser(e2e, 'wrong_pw_user');
    const page = await e2e.newPage();
    await page.goto('/signin');
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    await e2e.screenshot(page, 'signin-en');
    await submitSignIn(page, account.username, 'not the password');
    await shown(alert(page, 'Wrong username or password'));
    await e2e.screenshot(page, 'signin-wrong-password-en');
    expect(pathname(page)).toBe('/signin');
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isEnabled()).toBe(true);
    // Show/Hide reveals what was typed, and the same form signs in once corrected.
    await page.getByRole('button', { name: 'Show password' }).click();
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    await submitSignIn(page, account.username, account.password);
    await atPath(page, '/profile');
    await page.context().close();
  });

  it('signs out; Back and reload then show sign-in and no profile data', async () => {
    const account = await createUser(e2e, 'leaving_user', {
      email: 'private.mail.4711@example.com',
    });
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    await signIn(page, account);
    await poll(() => page.getByLabel('Email').inputValue()).toBe('private.mail.4711@example.com');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await atPath(page, '/signin');
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    const clean = async () => {
      const text = await domText(page);
      expect(text).not.toContain('private.mail.4711');
      expect(text).not.toContain(account.username);
    };
    await clean();
    expect((await page.context().cookies()).filter((c) => c.name === 'sid')).toEqual([]);

    await page.goBack();
    await atPath(page, '/signin');
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    await clean();
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(0);

    await page.reload();
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    expect(pathname(page)).toBe('/signin');
    await clean();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'stays on the origin after sign-in with ?next=%s',
    async (next) => {
      const account = await createUser(e2e, `next_${Math.random().toString(36).slice(2, 8)}`);
      const page = await e2e.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await signIn(page, account, {
        from: `/signin?next=${encodeURIComponent(next)}`,
        to: '/profile',
      });
      expect(new URL(page.url()).origin).toBe(e2e.origin);
      await shown(page.getByRole('heading', { name: 'Your profile' }));
      expect(dialogs).toEqual([]);
      await page.context().close();
    },
  );

  it('sends a signed-out visitor of a protected page to sign-in and back', async () => {
    const account = await createUser(e2e, 'returning_user');
    const page = await e2e.newPage();
    await page.goto('/sessions');
    await atPath(page, '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/sessions');
    await submitSignIn(page, account.username, account.password);
    await atPath(page, '/sessions');
    await shown(page.getByRole('heading', { name: 'Active sessions' }));
    await e2e.screenshot(page, 'sessions-en');

    // A signed-in visitor of /signin or /register goes to the profile instead.
    await page.goto('/register');
    await atPath(page, '/profile');
    await page.context().close();
  });
});
