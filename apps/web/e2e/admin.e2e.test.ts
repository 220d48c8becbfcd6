import { ROLE_ADMIN, ROLE_CUSTOMER } from '@acct/schema';
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
const ADMIN = { username: 'chief_admin', password: 'chief admin passphrase' };
beforeAll(async () => {
  e2e = await startE2E();
  await e2e.server.addAccount({ ...ADMIN, email: 'chief@example.com', role: ROLE_ADMIN });
});
afterAll(() => e2e?.close());

async function adminPage(): Promise<Page> {
  const page = await e2e.newPage();
  await signIn(page, ADMIN, { from: '/admin/signin', to: '/admin' });
  await shown(page.getByRole('heading', { name: 'Users' }));
  return page;
}

const search = async (page: Page, prefix: string) => {
  await page.getByLabel('Search by username prefix').fill(prefix);
  await poll(() => page.getByRole('rowheader').allTextContents()).toSatisfy(
    (names: string[]) =>
      names.length > 0 && names.every((n) => n.toLowerCase().startsWith(prefix.toLowerCase())),
  );
};
const row = (page: Page, username: string) =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: username, exact: true }) });
const cellText = (page: Page, username: string, column: number) =>
  row(page, username).getByRole('cell').nth(column).textContent();
const ROLE = 2;
const STATUS = 3;

/** Clicks an action of a user's row and confirms it with `password` in the form that opens. */
async function act(page: Page, action: string, username: string, password: string) {
  await page.getByRole('button', { name: `${action} ${username}`, exact: true }).click();
  const form = page.locator('form.confirm');
  await shown(form.getByText(`${action}: ${username}. Enter your password to confirm.`));
  const confirm = form.getByRole('button', { name: 'Confirm' });
  expect(await confirm.isDisabled()).toBe(true);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await confirm.click();
}

describe('administrator sign-in', () => {
  it('lets an administrator in and keeps customers out', async () => {
    const customer = await createUser(e2e, 'plain_customer');
    const page = await e2e.newPage();
    await page.goto('/admin/signin');
    await shown(page.getByRole('heading', { name: 'Administrator sign in' }));
    await e2e.screenshot(page, 'admin-signin-en');
    await submitSignIn(page, customer.username, customer.password);
    await shown(alert(page, 'This account is not an administrator'));
    expect(new URL(page.url()).pathname).toBe('/admin/signin');
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('sid');

    // A signed-in customer who opens /admin is told it is not for them.
    await signIn(page, customer);
    await page.goto('/admin');
    await shown(alert(page, 'This page is for administrators.'));
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await e2e.screenshot(page, 'admin-customer-refused-en');
    await page.context().close();

    const admin = await adminPage();
    expect(await admin.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(1);
    await admin.context().close();
  });
});

describe('the user list', () => {
  it('searches by prefix and loads the next keyset page; shows nicknames as text', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `pg_user_${String(i + 1).padStart(2, '0')}`);
    await Promise.all(names.map((name) => createUser(e2e, name)));
    await createUser(e2e, 'pg_other'); // shares "pg_" only
    const evil = '<img src=x onerror=alert(1)>';
    const { token } = await e2e.server.client().auth.login.mutate({
      username: 'pg_user_01',
      password: 'pg_user_01 passphrase 2024',
      via: 'token',
    });
    await e2e.server.client(token ?? undefined).account.updateProfile.mutate({ nickname: evil });

    const page = await adminPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const cursors: unknown[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/admin.listUsers'))
        cursors.push(
          (
            JSON.parse(url.searchParams.get('input') ?? '{}') as Record<
              string,
              { cursor?: unknown }
            >
          )['0']?.cursor,
        );
    });

    await search(page, 'PG_USER'); // ignoring case
    await poll(() => page.getByRole('rowheader').allTextContents()).toEqual(names.slice(0, 20));
    await e2e.screenshot(page, 'admin-en');
    await page.getByRole('button', { name: 'Load more' }).click();
    await poll(() => page.getByRole('rowheader').allTextContents()).toEqual(names);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(cursors.at(-1)).toBe('pg_user_20');

    expect(await row(page, 'pg_user_01').getByRole('cell').first().textContent()).toBe(evil);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);

    await page.getByLabel('Search by username prefix').fill('zz_nobody');
    await shown(page.getByText('No users match.'));
    await page.context().close();
  });
});

describe('changes to accounts', () => {
  it('makes a user admin and back, each time after the admin password', async () => {
    const target = await createUser(e2e, 'role_target');
    const page = await adminPage();
    const errors = watchErrors(page);
    await search(page, 'role_target');
    expect(await cellText(page, 'role_target', ROLE)).toBe('Customer');

    await act(page, 'Make admin', 'role_target', 'wrong admin password');
    await shown(alert(page.locator('form.confirm'), 'The current password is wrong'));
    await e2e.screenshot(page, 'admin-confirm-wrong-password-en');
    expect(await cellText(page, 'role_target', ROLE)).toBe('Customer');
    expect(dbUsers(e2e).find((u) => u.username === target.username)?.role).toBe(ROLE_CUSTOMER);

    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await shown(notice(page, 'Done: Make admin role_target.'));
    await poll(() => cellText(page, 'role_target', ROLE)).toBe('Administrator');
    expect(await page.locator('form.confirm').count()).toBe(0);
    expect(dbUsers(e2e).find((u) => u.username === target.username)?.role).toBe(ROLE_ADMIN);

    await act(page, 'Remove admin', 'role_target', ADMIN.password);
    await shown(notice(page, 'Done: Remove admin role_target.'));
    await poll(() => cellText(page, 'role_target', ROLE)).toBe('Customer');
    expect(dbUsers(e2e).find((u) => u.username === target.username)?.role).toBe(ROLE_CUSTOMER);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('disables a user (their open session ends), enables them again, and ends their sessions', async () => {
    const victim = await createUser(e2e, 'victim_user');
    const theirs = await e2e.newPage();
    await signIn(theirs, victim);
    const page = await adminPage();
    await search(page, 'victim_user');
    expect(await cellText(page, 'victim_user', STATUS)).toBe('Active');

    await act(page, 'Disable', 'victim_user', ADMIN.password);
    await shown(notice(page, 'Done: Disable victim_user.'));
    await poll(() => cellText(page, 'victim_user', STATUS)).toBe('Disabled');
    await e2e.screenshot(page, 'admin-disabled-user-en');

    await theirs.reload();
    await atPath(theirs, '/signin');
    await submitSignIn(theirs, victim.username, victim.password);
    await shown(alert(theirs, 'This account is disabled'));
    await e2e.screenshot(theirs, 'signin-disabled-en');

    await act(page, 'Enable', 'victim_user', ADMIN.password);
    await shown(notice(page, 'Done: Enable victim_user.'));
    await poll(() => cellText(page, 'victim_user', STATUS)).toBe('Active');
    await submitSignIn(theirs, victim.username, victim.password);
    await atPath(theirs, '/profile');
    await shown(theirs.getByRole('heading', { name: 'Your profile' }));

    // "End sessions" needs no password and signs them out everywhere.
    await page.getByRole('button', { name: 'End sessions victim_user', exact: true }).click();
    await shown(notice(page, 'Ended 1 session(s) of victim_user.'));
    expect(await page.locator('form.confirm').count()).toBe(0);
    const victimId = dbUsers(e2e).find((u) => u.username === 'victim_user')?.id;
    expect(
      (e2e.server.dump().sessions as { user_id: number }[]).filter((s) => s.user_id === victimId),
    ).toEqual([]);
    await theirs.reload();
    await atPath(theirs, '/signin');
    await shown(theirs.getByRole('heading', { name: 'Sign in' }));
    // The administrator is still signed in.
    await page.reload();
    await shown(page.getByRole('heading', { name: 'Users' }));
    await theirs.context().close();
    await page.context().close();
  });
});
