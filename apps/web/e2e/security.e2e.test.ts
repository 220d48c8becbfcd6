import { errorKind } from '@acct/client';
import { ROLE_ADMIN, type RegisterInput } from '@acct/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';
import {
  alert,
  atPath,
  createUser,
  dbUsers,
  notice,
  poll,
  shown,
  signIn,
  submitSignIn,
  watchErrors,
} from './helpers.ts';

let e2e: E2E;
const ADMIN = { username: 'audit_admin', password: 'audit admin passphrase' };
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.server.addAccount({ ...ADMIN, email: 'audit.admin@example.com', role: ROLE_ADMIN });
});
afterAll(() => e2e?.close());

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const banner = (page: Page, title: string) =>
  page.getByRole('alert').filter({ has: page.getByRole('heading', { name: title }) });
/** The SPA's own storage: nothing but the language (ASVS 8.2.2). */
const storage = (page: Page) =>
  page.evaluate(() => ({ local: { ...localStorage }, session: sessionStorage.length }));
/** What a security page item says happened (kind and outcome). */
const whats = (page: Page) =>
  page.getByRole('main').locator('.events li > strong').allTextContents();
const auditRows = (page: Page) => page.getByRole('main').locator('table.log tbody tr');
const column = (page: Page, index: number) =>
  auditRows(page).evaluateAll(
    (rows, i) => rows.map((row) => row.children[i]?.textContent ?? ''),
    index,
  );
const EVENT = 1;
const ACCOUNT = 2;
const ADDRESS = 4;
const auditReads = () =>
  (e2e.server.dumpAll().audit_events as { kind: string; detail: string | null }[]).filter(
    (row) => row.kind === 'admin_view' && row.detail?.includes('"auditLog"'),
  ).length;

/** Signs in through the SPA and returns the notices the sign-in answered with, as the server sent them. */
async function signInSeeingNotices(
  page: Page,
  account: Pick<RegisterInput, 'username' | 'password'>,
  { zh = false } = {},
) {
  await page.goto('/signin');
  const answer = page.waitForResponse((response) =>
    new URL(response.url()).pathname.endsWith('/auth.signIn'),
  );
  await submitSignIn(page, account.username, account.password, { zh });
  const body = (await (await answer).json()) as [
    { result: { data: { notices: { kind: string; at: string }[] } } },
  ];
  await atPath(page, '/profile');
  return body[0].result.data.notices;
}

const localTime = (page: Page, iso: string, lang: 'en' | 'zh-CN') =>
  page.evaluate(([at, locale]) => new Date(at as string).toLocaleString(locale), [iso, lang]);

describe('notices after sign-in', () => {
  it('tells the owner at the next sign-in what changed, when and from where, on every page until sign-out', async () => {
    const account = await createUser(e2e, 'notice_owner');
    const newPassword = 'notice owner new passphrase';
    const first = await e2e.newPage();
    const errors = watchErrors(first);
    expect(await signInSeeingNotices(first, account)).toEqual([]);
    expect(await first.getByRole('alert').count()).toBe(0);

    // The changes, made in this first browser.
    await poll(() => first.getByLabel('Email').inputValue()).toBe(account.email);
    await first.getByLabel('Email').fill('notice.owner.moved@example.com');
    await first.getByRole('button', { name: 'Save' }).click();
    await shown(notice(first, 'Saved.'));
    await first.getByRole('link', { name: 'Password', exact: true }).click();
    await first.getByLabel('Current password', { exact: true }).fill(account.password);
    await first.getByLabel('New password', { exact: true }).fill(newPassword);
    await first.getByRole('button', { name: 'Change password' }).click();
    await shown(notice(first, 'Password changed.'));

    // The next sign-in, in another browser (a phone).
    const phone = await e2e.newPage({ mobile: true });
    errors.push(...watchErrors(phone));
    const notices = await signInSeeingNotices(phone, {
      username: account.username,
      password: newPassword,
    });
    expect(notices.map((n) => n.kind)).toEqual(['password_change', 'email_change']);
    const box = banner(phone, 'Changes to your account since you last signed in');
    await shown(box);
    expect(await box.getByRole('listitem').allTextContents()).toEqual([
      `Your password was changed on ${await localTime(phone, notices[0]!.at, 'en')} from 127.0.0.1 (Website).`,
      `Your email address was changed on ${await localTime(phone, notices[1]!.at, 'en')} from 127.0.0.1 (Website).`,
    ]);
    await shown(
      box.getByText(
        'If this was not you, change your password now and review your active sessions.',
      ),
    );
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
    await e2e.screenshot(phone, 'notices-mobile-en');

    // Still there after navigating, and kept in memory only.
    await phone.getByRole('link', { name: 'Sessions', exact: true }).click();
    await shown(phone.getByRole('heading', { name: 'Active sessions' }));
    await shown(box);
    expect(await storage(phone)).toEqual({ local: { lang: 'en' }, session: 0 });

    // The security page lists the sign-ins and the changes, newest first.
    await box.getByRole('link', { name: 'All security activity' }).click();
    await atPath(phone, '/security');
    await shown(phone.getByRole('heading', { name: 'Security activity' }));
    await poll(() => whats(phone)).toEqual([
      'Sign-in succeeded',
      'Password change succeeded',
      'Email change succeeded',
      'Sign-in succeeded',
      'Account created succeeded',
    ]);
    const newest = phone.getByRole('main').locator('.events li').first();
    await shown(newest.getByText('Chrome · Linux'));
    await shown(newest.getByText('127.0.0.1'));
    await shown(newest.getByText('Website'));
    expect(await phone.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    await shown(box); // the banner is on this page too
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
    await e2e.screenshot(phone, 'security-mobile-en');

    // Sign-out clears it; the sign-in after that has nothing new to tell.
    await phone.getByRole('button', { name: 'Sign out' }).click();
    await shown(phone.getByRole('heading', { name: 'Sign in' }));
    expect(await box.count()).toBe(0);
    expect(
      await signInSeeingNotices(phone, { username: account.username, password: newPassword }),
    ).toEqual([]);
    await shown(phone.getByRole('heading', { name: 'Your profile' }));
    expect(await phone.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await first.context().close();
    await phone.context().close();
  });

  it('tells of a reset with the security question, in Chinese, and can be dismissed', async () => {
    const account = await createUser(e2e, 'reset_owner');
    const client = e2e.server.client();
    const { token } = await client.recovery.checkAnswer.mutate({
      username: account.username,
      answer: account.answer,
    });
    const newPassword = 'reset owner new passphrase';
    await client.recovery.resetPassword.mutate({ username: account.username, token, newPassword });

    const phone = await e2e.newPage({ lang: 'zh', mobile: true });
    const errors = watchErrors(phone);
    const notices = await signInSeeingNotices(
      phone,
      { username: account.username, password: newPassword },
      { zh: true },
    );
    const box = banner(phone, '自您上次登录以来，账号有以下变更');
    await shown(box);
    expect(await box.getByRole('listitem').allTextContents()).toEqual([
      `您的密码于 ${await localTime(phone, notices[0]!.at, 'zh-CN')} 从 127.0.0.1（网站）通过密保问题被重置。`,
    ]);
    await shown(box.getByRole('link', { name: '修改密码' }));
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
    await e2e.screenshot(phone, 'notices-mobile-zh');

    await phone.getByRole('link', { name: '安全中心', exact: true }).click();
    await shown(phone.getByRole('heading', { name: '安全动态', level: 2 }));
    await poll(() => whats(phone)).toEqual([
      '登录 成功',
      '重置密码 成功',
      '回答密保问题 成功',
      '创建账号 成功',
    ]);
    await box.getByRole('button', { name: '知道了' }).click();
    await poll(() => box.count()).toBe(0);
    await phone.getByRole('link', { name: '个人资料' }).click();
    await shown(phone.getByRole('heading', { name: '个人资料' }));
    expect(await phone.getByRole('alert').count()).toBe(0);
    await phone.getByRole('link', { name: '安全中心', exact: true }).click();
    await shown(phone.getByRole('heading', { name: '安全动态', level: 2 }));
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
    const text = await phone.getByRole('main').textContent();
    for (const english of [
      'Security activity',
      'succeeded',
      'When',
      'Address',
      'Device',
      'Through',
      'Website',
      'Show more',
    ])
      expect(text).not.toContain(english);
    await e2e.screenshot(phone, 'security-mobile-zh');
    expect(errors).toEqual([]);
    await phone.context().close();
  });
});

describe('the security activity page', () => {
  it('pages back through older events with the last one shown as the cursor', async () => {
    const account = await createUser(e2e, 'busy_owner');
    for (let i = 0; i < 22; i++)
      await e2e.server.client().auth.login.mutate({
        username: account.username,
        password: account.password,
        via: 'token',
      });
    const page = await e2e.newPage();
    const cursors: unknown[] = [];
    page.on('request', (request) => {
      // The security center batches its queries: find this one among the batch's paths.
      const url = new URL(request.url());
      const at = url.pathname
        .replace(/^\/trpc\//, '')
        .split(',')
        .indexOf('security.events');
      if (at >= 0)
        cursors.push(
          (
            JSON.parse(url.searchParams.get('input') ?? '{}') as Record<
              string,
              { cursor?: unknown }
            >
          )[String(at)]?.cursor,
        );
    });
    await signIn(page, account);
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await poll(() => whats(page)).toHaveLength(20);
    await e2e.screenshot(page, 'security-en');
    await page.getByRole('button', { name: 'Show more' }).click();
    await poll(() => whats(page)).toHaveLength(24); // 23 sign-ins (22 here and 1 in the browser) and the registration
    expect((await whats(page)).at(-1)).toBe('Account created succeeded');
    expect(cursors).toHaveLength(2);
    expect(cursors[0]).toBeUndefined();
    expect(typeof cursors[1]).toBe('number');
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    await page.context().close();
  });
});

describe('the audit log', () => {
  async function auditPage(options: { lang?: 'en' | 'zh'; mobile?: boolean } = {}) {
    const zh = options.lang === 'zh';
    const page = await e2e.newPage(options);
    await signIn(page, ADMIN, { from: '/admin/signin', to: '/admin', zh });
    await page
      .getByRole('navigation', { name: zh ? '管理控制台' : 'Admin console' })
      .getByRole('link', { name: zh ? '审计日志' : 'Audit log' })
      .click();
    await atPath(page, '/admin/audit');
    await shown(page.getByRole('heading', { name: zh ? '审计日志' : 'Audit log', level: 1 }));
    return page;
  }
  const filterBy = async (
    page: Page,
    fill: { account?: string; kind?: string; from?: string },
    zh = false,
  ) => {
    const form = page.getByRole('search');
    if (fill.account !== undefined)
      await form.getByLabel(zh ? '账号' : 'Account').fill(fill.account);
    if (fill.kind !== undefined)
      await form.getByLabel(zh ? '类型' : 'Kind').selectOption({ label: fill.kind });
    if (fill.from !== undefined) await form.getByLabel(zh ? '开始时间' : 'From').fill(fill.from);
    await form.getByRole('button', { name: zh ? '查询' : 'Show events' }).click();
  };

  it('filters by account, kind and time; shows failed attempts with unknown names; reads only when asked', async () => {
    const owner = dbUsers(e2e).find((u) => u.username === 'notice_owner');
    expect(owner).toBeDefined();
    await e2e.server
      .client()
      .auth.login.mutate({ username: 'nobody_at_all', password: 'whatever it is', via: 'token' })
      .catch(() => null);
    const page = await auditPage();
    const errors = watchErrors(page);
    const inputs: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/admin.auditLog'))
        inputs.push(
          (
            JSON.parse(url.searchParams.get('input') ?? '{}') as Record<
              string,
              Record<string, unknown>
            >
          )['0'] ?? {},
        );
    });
    await poll(() => auditRows(page).count()).toBeGreaterThan(0);

    await filterBy(page, { account: 'notice_owner' });
    // Newest first: the phone's sign-in, sign-out and sign-in, the changes, the first sign-in, the registration.
    await poll(() => column(page, EVENT)).toEqual([
      'Sign-in succeeded',
      'Sign-out succeeded',
      'Sign-in succeeded',
      'Password change succeeded',
      'Email change succeeded',
      'Sign-in succeeded',
      'Account created succeeded',
    ]);
    expect(inputs.at(-1)).toMatchObject({ username: 'notice_owner', limit: 50 });
    expect(new Set(await column(page, ACCOUNT))).toEqual(new Set([`notice_owner #${owner?.id}`]));
    const addresses = await column(page, ADDRESS);
    expect(addresses[0]).toBe('127.0.0.1 · Chrome · Linux');
    expect(addresses.every((address) => address.startsWith('127.0.0.1'))).toBe(true);
    await e2e.screenshot(page, 'audit-en');

    await filterBy(page, { kind: 'Password change' });
    await poll(() => column(page, EVENT)).toEqual(['Password change succeeded']);
    expect(inputs.at(-1)).toMatchObject({ username: 'notice_owner', kind: 'password_change' });

    await filterBy(page, { account: 'nobody_at_all', kind: 'All kinds' });
    await poll(() => column(page, EVENT)).toEqual(['Sign-in failed']);
    expect(await column(page, ACCOUNT)).toEqual(['“nobody_at_all” (no such account)']);

    await filterBy(page, { account: '', from: `${new Date().getFullYear() + 1}-01-01T00:00` });
    await shown(page.getByText('No events match.'));

    // Each read is itself in the log; nothing reads it again unasked.
    const reads = auditReads();
    expect(reads).toBeGreaterThanOrEqual(inputs.length);
    await page.waitForTimeout(2_000);
    expect(auditReads()).toBe(reads);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads older events a keyset page at a time', async () => {
    const filler = await createUser(e2e, 'filler_owner');
    for (let i = 0; i < 50; i++)
      await e2e.server
        .client()
        .auth.login.mutate({ username: filler.username, password: filler.password, via: 'token' });
    const page = await auditPage();
    const cursors: unknown[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/admin.auditLog'))
        cursors.push(
          (
            JSON.parse(url.searchParams.get('input') ?? '{}') as Record<
              string,
              { cursor?: unknown }
            >
          )['0']?.cursor,
        );
    });
    await poll(() => auditRows(page).count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await poll(() => auditRows(page).count()).toBeGreaterThan(50);
    // The first page may have been asked before the listener was attached; the next one carries a cursor.
    const next = cursors.filter((cursor) => cursor !== undefined);
    expect(next).toHaveLength(1);
    expect(typeof next[0]).toBe('number');
    await page.context().close();
  });

  it('says how long to wait once sign-ins are throttled, and the lockout is in the log', async () => {
    const account = await createUser(e2e, 'throttled_owner');
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      await e2e.server
        .client()
        .auth.login.mutate({
          username: account.username,
          password: 'not the password at all',
          via: 'token',
        })
        .catch((error: unknown) => {
          refused = errorKind(error) === 'RATE_LIMITED';
        });
    }
    expect(refused).toBe(true);

    const page = await e2e.newPage({ mobile: true });
    await page.goto('/signin');
    await submitSignIn(page, account.username, account.password);
    await shown(alert(page, 'Too many attempts — try again in'));
    expect(await page.getByRole('alert').textContent()).toMatch(
      /^Too many attempts — try again in \d+ minutes\.$/,
    );
    await e2e.screenshot(page, 'signin-throttled-mobile-en');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await submitSignIn(page, account.username, account.password, { zh: true });
    await poll(() => page.getByRole('alert').textContent()).toMatch(
      /^尝试次数过多，请在\d+分钟后重试。$/,
    );
    await e2e.screenshot(page, 'signin-throttled-mobile-zh');
    await page.context().close();

    const admin = await auditPage();
    await filterBy(admin, {
      account: account.username,
      kind: 'Paused after too many failed attempts',
    });
    await poll(() => column(admin, EVENT)).toEqual([
      'Paused after too many failed attempts refused',
    ]);
    await admin.context().close();
  });

  it('fits a 375 px screen, in English and Chinese', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const zh = lang === 'zh';
      const page = await auditPage({ lang, mobile: true });
      await poll(() => auditRows(page).count()).toBe(50);
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await filterBy(page, { account: 'notice_owner' }, zh);
      await poll(() => column(page, EVENT)).toContain(
        zh ? '修改密码 成功' : 'Password change succeeded',
      );
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await e2e.screenshot(page, `audit-mobile-${lang}`);
      await page.context().close();
    }
  });
});
