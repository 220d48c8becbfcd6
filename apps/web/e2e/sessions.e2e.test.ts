import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';
import { alert, atPath, createUser, notice, poll, shown, signIn, watchErrors } from './helpers.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

describe('active sessions', () => {
  it('lists both devices, and signs the other one out only with the right password', async () => {
    const account = await createUser(e2e, 'two_device_user');
    const laptop = await e2e.newPage();
    const phone = await e2e.newPage({ mobile: true });
    const errors = watchErrors(laptop);
    await signIn(laptop, account);
    await signIn(phone, account);
    expect((e2e.server.dump().sessions as unknown[]).length).toBe(2);

    await laptop.getByRole('link', { name: 'Sessions' }).click();
    await atPath(laptop, '/sessions');
    await shown(laptop.getByRole('heading', { name: 'Active sessions' }));
    const items = laptop.getByRole('main').getByRole('listitem');
    await poll(() => items.count()).toBe(2);
    expect(await laptop.getByText('This device', { exact: true }).count()).toBe(1);
    const current = items.filter({ hasText: 'This device' });
    expect(await current.getByText('Chrome · Linux').count()).toBe(1);
    expect(await current.getByText('127.0.0.1').count()).toBe(1);
    await e2e.screenshot(laptop, 'sessions-two-devices-en');

    const button = laptop.getByRole('button', { name: 'Sign out everywhere else' });
    expect(await button.isDisabled()).toBe(true); // nothing typed yet
    await shown(laptop.getByText('Enter your password to sign out your other sessions.'));
    const password = laptop.getByLabel('Password', { exact: true });
    await password.fill('not the password');
    await button.click();
    await shown(alert(laptop, 'The current password is wrong'));
    expect(await items.count()).toBe(2);
    await e2e.screenshot(laptop, 'sessions-wrong-password-en');
    // The other device is still signed in.
    await phone.reload();
    await shown(phone.getByRole('heading', { name: 'Your profile' }));

    await password.fill(account.password);
    await button.click();
    await shown(notice(laptop, 'Signed out 1 other session(s).'));
    await poll(() => items.count()).toBe(1);
    expect(await items.getByText('This device').count()).toBe(1);
    expect(await laptop.getByRole('alert').count()).toBe(0);
    await e2e.screenshot(laptop, 'sessions-signed-out-others-en');

    await phone.reload();
    await atPath(phone, '/signin');
    expect(new URL(phone.url()).searchParams.get('next')).toBe('/profile');
    await shown(phone.getByRole('heading', { name: 'Sign in' }));
    // This device stays signed in.
    await laptop.reload();
    await shown(laptop.getByRole('heading', { name: 'Active sessions' }));
    expect((e2e.server.dump().sessions as unknown[]).length).toBe(1);
    expect(errors).toEqual([]);
  });
});
