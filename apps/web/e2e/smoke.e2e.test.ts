import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

describe('the built SPA in Chromium', () => {
  it('registers, signs in, shows the profile and signs out', async () => {
    const page = await e2e.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));

    await page.goto('/register');
    await page.getByLabel('Username').fill('smoke_user');
    await page.getByLabel('Password', { exact: true }).fill('smoke test password');
    await page.getByLabel('Email').fill('smoke@example.com');
    await page.getByLabel('Security question').fill('Favourite colour?');
    await page.getByLabel('Answer').fill('blue');
    await page.getByLabel('I agree to this use of my data').check();
    await e2e.screenshot(page, 'register-en');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL('**/signin?registered=1');
    await page.getByLabel('Username').fill('smoke_user');
    await page.getByLabel('Password', { exact: true }).fill('smoke test password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/profile');
    await expect.poll(() => page.getByLabel('Username').inputValue()).toBe('smoke_user');
    await e2e.screenshot(page, 'profile-en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    expect(errors).toEqual([]);
  });
});
