import type { RegisterInput } from '@acct/schema';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2E } from './harness.ts';

/**
 * Setup, not under test: a customer registered through the typed tRPC client. Returns what it
 * registered, so the tests know the password and answer in plain text.
 */
export async function createUser(
  e2e: E2E,
  username: string,
  extra: Partial<Omit<RegisterInput, 'username'>> = {},
): Promise<RegisterInput> {
  const account: RegisterInput = {
    username,
    password: `${username} passphrase 2024`,
    email: `${username.replaceAll('_', '.')}@example.com`,
    question: 'Name of your first school?',
    answer: 'Riverside Primary',
    ...extra,
  };
  await e2e.server.client().account.register.mutate(account);
  return account;
}

/** The users table as the database holds it. */
export const dbUsers = (e2e: E2E) =>
  e2e.server.dump().users as {
    id: number;
    username: string;
    nickname: string;
    email: string | null;
    phone: string | null;
    role: number;
  }[];

export const pathname = (page: Page) => new URL(page.url()).pathname;

/** Waits until the page is at `path` (pathname only; the query string is ignored). */
export const atPath = (page: Page, path: string) => page.waitForURL((url) => url.pathname === path);

/** Fills the sign-in form (user or admin) and submits it with the button. */
export async function submitSignIn(
  page: Page,
  username: string,
  password: string,
  { zh = false } = {},
) {
  await page.getByLabel(zh ? '用户名' : 'Username').fill(username);
  await page.getByLabel(zh ? '密码' : 'Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: zh ? '登录' : 'Sign in', exact: true }).click();
}

/** Opens /signin (or `from`), signs in and waits for the page the SPA goes to. */
export async function signIn(
  page: Page,
  account: Pick<RegisterInput, 'username' | 'password'>,
  { from = '/signin', to = '/profile', zh = false } = {},
) {
  await page.goto(from);
  await submitSignIn(page, account.username, account.password, { zh });
  await atPath(page, to);
}

/** An announced failure (role=alert) containing `text`. */
export const alert = (page: Page | Locator, text: string) =>
  page.getByRole('alert').filter({ hasText: text });

/** An announced success (role=status) containing `text`. */
export const notice = (page: Page | Locator, text: string) =>
  page.getByRole('status').filter({ hasText: text });

/** expect.poll with room for debounces and retries on a busy 2-core machine. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

export const shown = (locator: Locator) => locator.waitFor({ state: 'visible' });

/**
 * Uncaught page errors and console errors, except the browser's own log line for a failed HTTP
 * status (a wrong password is a 401 on purpose).
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(message.text());
  });
  return errors;
}

/** All text a user could see or a script could read from the DOM, form values included. */
export const domText = (page: Page) =>
  page.evaluate(
    () =>
      `${document.documentElement.outerHTML}\n${Array.from(document.querySelectorAll('input'), (input) => input.value).join('\n')}`,
  );
