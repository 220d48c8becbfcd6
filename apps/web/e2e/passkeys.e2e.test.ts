import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';
import {
  alert,
  atPath,
  createUser,
  notice,
  poll,
  shown,
  signIn,
  submitSignIn,
  watchErrors,
} from './helpers.ts';

let e2e: E2E;
beforeAll(async () => {
  // Chromium takes no IP address as a relying party ID: the page and PUBLIC_URL use localhost.
  e2e = await startE2E({ host: 'localhost' });
});
afterAll(() => e2e?.close());

/**
 * Chromium's virtual authenticator (DevTools protocol): a platform authenticator that keeps
 * discoverable credentials and verifies its user, answering every prompt at once.
 */
async function withVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

const passkeyRows = () =>
  e2e.server.dump().passkeys as {
    id: string;
    name: string;
    counter: number;
    last_used_at: number | null;
  }[];
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('passkeys in a real browser', () => {
  it('adds a passkey on its screen, then signs in with it alone (no username, no password)', async () => {
    const account = await createUser(e2e, 'passkey_user');
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    const authenticator = await withVirtualAuthenticator(page);
    await signIn(page, account);

    await page.goto('/security');
    const section = page.getByRole('region', { name: 'Passkeys' });
    await shown(section.getByText('You have no passkeys yet.'));
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByLabel('Name').fill('Test laptop');
    await section.getByLabel('Password', { exact: true }).fill('not the password');
    await section.getByRole('button', { name: 'Create passkey' }).click();
    await shown(alert(section, 'The current password is wrong'));
    expect(passkeyRows()).toHaveLength(0);
    await section.getByLabel('Password', { exact: true }).fill(account.password);
    await section.getByRole('button', { name: 'Create passkey' }).click();
    await shown(notice(section, 'Passkey “Test laptop” added.'));
    const item = section.getByRole('listitem').filter({ hasText: 'Test laptop' });
    await shown(item.getByText('Never'));
    // The browser's authenticator holds the discoverable credential the server stored.
    const [credential] = await authenticator.credentials();
    expect(credential?.isResidentCredential).toBe(true);
    expect(passkeyRows()).toMatchObject([{ name: 'Test laptop', last_used_at: null }]);
    expect(Buffer.from(credential!.credentialId, 'base64').toString('base64url')).toBe(
      passkeyRows()[0]!.id,
    );
    await e2e.screenshot(page, 'passkeys-added-en');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await atPath(page, '/signin');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await atPath(page, '/profile');
    await poll(() => page.getByLabel('Username').inputValue()).toBe(account.username);
    await poll(() => passkeyRows()[0]?.last_used_at).not.toBeNull();
    const logins = (e2e.server.dumpAll().audit_events as { kind: string; detail: string | null }[])
      .filter((row) => row.kind === 'login')
      .map((row) => JSON.parse(row.detail ?? '{}') as { factor?: string });
    expect(logins.at(-1)).toEqual({ via: 'cookie', factor: 'passkey' });

    await page.goto('/security');
    await shown(item);
    expect(await item.getByText('Never').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('offers the passkey as the second step of a password sign-in', async () => {
    const account = await createUser(e2e, 'passkey_second');
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    await withVirtualAuthenticator(page);
    await signIn(page, account);
    await page.goto('/security');
    const section = page.getByRole('region', { name: 'Passkeys' });
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByLabel('Name').fill('Laptop');
    await section.getByLabel('Password', { exact: true }).fill(account.password);
    await section.getByRole('button', { name: 'Create passkey' }).click();
    await shown(notice(section, 'Passkey “Laptop” added.'));

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await atPath(page, '/signin');
    await submitSignIn(page, account.username, account.password);
    await shown(page.getByText('This account uses two-step verification: show that it is you.'));
    // No authenticator app on this account: no code field, the passkey is the way on.
    expect(await page.getByLabel('Authenticator code').count()).toBe(0);
    await e2e.screenshot(page, 'signin-second-step-passkey-en');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await atPath(page, '/profile');
    const logins = (e2e.server.dumpAll().audit_events as { kind: string; detail: string | null }[])
      .filter((row) => row.kind === 'login')
      .map((row) => JSON.parse(row.detail ?? '{}') as { factor?: string });
    expect(logins.at(-1)).toEqual({ via: 'cookie', factor: 'passkey' });
    expect(errors).toEqual([]);
  });

  it('renames and removes a passkey (the password again) on a 375 px phone screen', async () => {
    const account = await createUser(e2e, 'passkey_phone');
    const phone = await e2e.newPage({ mobile: true });
    await withVirtualAuthenticator(phone);
    await signIn(phone, account);
    await phone.goto('/security');
    const section = phone.getByRole('region', { name: 'Passkeys' });
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByLabel('Name').fill('Phone');
    await section.getByLabel('Password', { exact: true }).fill(account.password);
    await section.getByRole('button', { name: 'Create passkey' }).click();
    const item = section.getByRole('listitem');
    await shown(item.filter({ hasText: 'Phone' }));

    await item.getByRole('button', { name: 'Rename' }).click();
    await item.getByLabel('Name').fill('My phone');
    await item.getByRole('button', { name: 'Save' }).click();
    await shown(item.getByText('My phone', { exact: true }));
    await poll(() => passkeyRows().find((r) => r.name === 'My phone')).toBeTruthy();
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
    await e2e.screenshot(phone, 'passkeys-mobile-en');

    await item.getByRole('button', { name: 'Remove' }).click();
    await shown(item.getByText('Enter your password to remove “My phone”.'));
    await item.getByLabel('Password', { exact: true }).fill(account.password);
    await item.getByRole('button', { name: 'Remove passkey' }).click();
    await shown(section.getByText('You have no passkeys yet.'));
    expect(passkeyRows().filter((r) => r.name === 'My phone')).toHaveLength(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(375);
  });
});
