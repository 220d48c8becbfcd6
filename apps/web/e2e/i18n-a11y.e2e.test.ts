import { ROLE_ADMIN, type RegisterInput } from '@acct/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';
import { alert, atPath, createUser, poll, shown, signIn, submitSignIn } from './helpers.ts';

let e2e: E2E;
let customer: RegisterInput;
const ADMIN = { username: 'i18n_admin', password: 'i18n admin passphrase' };
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.server.addAccount({ ...ADMIN, email: 'i18n.admin@example.com', role: ROLE_ADMIN });
  customer = await createUser(e2e, 'i18n_customer', {
    email: 'a.rather.long.address.for.small.screens@example.com',
  });
  // Long, unbreakable values in the admin table, as a 375 px screen will have to show them.
  await createUser(e2e, 'a_very_long_username_of_32_chars', {
    email: 'an.even.longer.address.that.does.not.fit.anywhere@example.com',
  });
});
afterAll(() => e2e?.close());

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('languages', () => {
  it('switches to Chinese with the header button and remembers it', async () => {
    const page = await e2e.newPage();
    await page.goto('/signin');
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    const toChinese = page.getByRole('button', { name: 'Switch to Chinese' });
    expect(await toChinese.textContent()).toBe('中文');
    await toChinese.click();
    await shown(page.getByRole('heading', { name: '登录' }));
    expect(
      await page.evaluate(() => [
        document.documentElement.lang,
        document.title,
        { ...localStorage },
      ]),
    ).toEqual(['zh-CN', '账户中心', { lang: 'zh' }]);
    await e2e.screenshot(page, 'signin-zh');

    await page.getByRole('link', { name: '注册', exact: true }).click();
    await atPath(page, '/register');
    await shown(page.getByRole('heading', { name: '注册账号' }));
    await page.reload();
    await shown(page.getByRole('heading', { name: '注册账号' }));
    await shown(page.getByLabel('密保问题'));
    expect(await page.getByText('Create an account').count()).toBe(0);
    await e2e.screenshot(page, 'register-zh');

    await page.getByRole('button', { name: '切换到英文' }).click();
    await shown(page.getByRole('heading', { name: 'Create an account' }));
    expect(await page.evaluate(() => localStorage.getItem('lang'))).toBe('en');
    await page.context().close();
  });

  it('shows server errors and every signed-in screen in Chinese', async () => {
    const page = await e2e.newPage({ lang: 'zh' }); // the browser's zh-CN is the default
    await page.goto('/signin');
    await shown(page.getByRole('heading', { name: '登录' }));
    await submitSignIn(page, customer.username, 'not the password', { zh: true });
    await shown(alert(page, '密码错误'));
    await e2e.screenshot(page, 'signin-wrong-password-zh');
    await submitSignIn(page, customer.username, customer.password, { zh: true });
    await atPath(page, '/profile');
    await shown(page.getByRole('heading', { name: '个人资料' }));
    await shown(page.getByText('用户名不可修改。'));
    await e2e.screenshot(page, 'profile-zh');
    await page.getByRole('link', { name: '登录设备' }).click();
    await shown(page.getByText('当前设备'));
    await e2e.screenshot(page, 'sessions-zh');
    await page.getByRole('link', { name: '密码', exact: true }).click();
    await shown(page.getByRole('heading', { name: '修改密码' }));
    await e2e.screenshot(page, 'password-zh');
    await page.goto('/admin');
    await shown(alert(page, '此页面仅限管理员访问。'));
    await page.getByRole('button', { name: '退出登录' }).click();
    await shown(page.getByRole('heading', { name: '登录' }));

    const admin = await e2e.newPage({ lang: 'zh' });
    await admin.goto('/admin/signin');
    await shown(admin.getByRole('heading', { name: '管理员登录' }));
    await e2e.screenshot(admin, 'admin-signin-zh');
    await submitSignIn(admin, ADMIN.username, ADMIN.password, { zh: true });
    await atPath(admin, '/admin');
    await shown(admin.getByRole('heading', { name: '用户管理' }));
    await shown(admin.getByRole('rowheader', { name: 'i18n_customer' }));
    await shown(admin.getByRole('button', { name: '禁用 i18n_customer' }));
    await e2e.screenshot(admin, 'admin-zh');
    await admin.context().close();

    // A disabled account's refusal, in Chinese.
    const { token } = await e2e.server.client().auth.login.mutate({ ...ADMIN, via: 'token' });
    const adminClient = e2e.server.client(token ?? undefined);
    const { id } = await adminClient.admin.findUser.query({ username: customer.username });
    await adminClient.admin.setDisabled.mutate({
      userId: id,
      disabled: true,
      password: ADMIN.password,
    });
    await submitSignIn(page, customer.username, customer.password, { zh: true });
    await shown(alert(page, '该账号已被禁用'));
    await adminClient.admin.setDisabled.mutate({
      userId: id,
      disabled: false,
      password: ADMIN.password,
    });
    await page.context().close();
  });
});

describe('accessibility and robustness', () => {
  it('signs in with the keyboard alone', async () => {
    const page = await e2e.newPage();
    await page.goto('/signin');
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.name || el?.getAttribute('aria-label') || el?.textContent?.trim() || '';
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    const stops: string[] = [];
    for (let i = 0; i < 10 && (await focused()) !== 'username'; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
    expect(stops).toEqual([
      'Accounts',
      'Sign in',
      'Register',
      '中文 – Switch to Chinese',
      'username',
    ]);
    await page.keyboard.type(customer.username);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('password');
    await page.keyboard.type(customer.password);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Show password');
    await page.keyboard.press('Space'); // the toggle works from the keyboard too
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await atPath(page, '/profile');
    await shown(page.getByRole('heading', { name: 'Your profile' }));
    await page.context().close();
  });

  it('fits profile and admin on a 375 px screen', async () => {
    const phone = await e2e.newPage({ mobile: true });
    await signIn(phone, customer);
    await poll(() => phone.getByLabel('Email').inputValue()).toBe(customer.email);
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
    await e2e.screenshot(phone, 'profile-mobile-en');
    await phone.context().close();

    const admin = await e2e.newPage({ mobile: true });
    await signIn(admin, ADMIN, { from: '/admin/signin', to: '/admin' });
    await shown(admin.getByRole('rowheader', { name: 'a_very_long_username_of_32_chars' }));
    expect(await overflow(admin)).toBeLessThanOrEqual(375);
    await e2e.screenshot(admin, 'admin-mobile-en');
    await admin.getByRole('button', { name: 'Disable a_very_long_username_of_32_chars' }).click();
    await shown(admin.getByText('Enter your password to confirm.'));
    expect(await overflow(admin)).toBeLessThanOrEqual(375);
    await e2e.screenshot(admin, 'admin-confirm-mobile-en');
    await admin.context().close();

    const zh = await e2e.newPage({ mobile: true, lang: 'zh' });
    await signIn(zh, ADMIN, { from: '/admin/signin', to: '/admin', zh: true });
    await shown(zh.getByRole('rowheader', { name: 'a_very_long_username_of_32_chars' }));
    expect(await overflow(zh)).toBeLessThanOrEqual(375);
    await e2e.screenshot(zh, 'admin-mobile-zh');
    await zh.context().close();
  });

  it('never leaves a blank page when the server fails', async () => {
    const page = await e2e.newPage();
    await page.route('**/trpc/**', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{}' }),
    );
    await page.goto('/signin');
    await shown(alert(page, 'Something went wrong. Please try again.'));
    await shown(page.getByRole('button', { name: 'Try again' }));
    await e2e.screenshot(page, 'server-error-en');
    await page.unroute('**/trpc/**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await shown(page.getByRole('heading', { name: 'Sign in' }));

    // A network failure on sign-in is an alert on the form, which stays usable.
    await page.route('**/trpc/auth.signIn**', (route) => route.abort());
    await submitSignIn(page, customer.username, customer.password);
    await shown(alert(page, 'Something went wrong. Please try again.'));
    await page.unroute('**/trpc/auth.signIn**');
    await submitSignIn(page, customer.username, customer.password);
    await atPath(page, '/profile');

    // A screen whose data cannot be loaded offers to try again.
    await page.route('**/trpc/sessions.list**', (route) => route.abort());
    await page.getByRole('link', { name: 'Sessions' }).click();
    await shown(alert(page, 'Something went wrong. Please try again.'));
    await shown(page.getByRole('button', { name: 'Try again' }));
    await e2e.screenshot(page, 'sessions-error-en');
    await page.unroute('**/trpc/sessions.list**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await shown(page.getByText('This device'));
    await page.context().close();
  });

  it('keeps the session token out of reach of scripts', async () => {
    const page = await e2e.newPage();
    await signIn(page, customer);
    const sid = (await page.context().cookies()).find((cookie) => cookie.name === 'sid');
    expect(sid).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(sid?.value.length).toBeGreaterThanOrEqual(20);
    const seen = await page.evaluate(() => ({
      cookie: document.cookie,
      local: Object.keys(localStorage),
      session: sessionStorage.length,
      everything: `${document.cookie}|${JSON.stringify({ ...localStorage })}|${JSON.stringify({ ...sessionStorage })}|${document.documentElement.outerHTML}`,
    }));
    expect(seen.cookie).not.toContain('sid');
    expect(seen.local).toEqual(['lang']);
    expect(seen.session).toBe(0);
    expect(seen.everything).not.toContain(sid?.value);
    await page.context().close();
  });
});
