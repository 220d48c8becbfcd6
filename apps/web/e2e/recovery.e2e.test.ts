import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness.ts';
import { alert, atPath, createUser, notice, shown, submitSignIn, watchErrors } from './helpers.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

describe('forgotten password', () => {
  it('goes username → question → answer → new password, never putting the token in a URL', async () => {
    const account = await createUser(e2e, 'forgetful_user', {
      question: 'Name of my first cat?',
      answer: 'Mister Whiskers',
    });
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    const urls: string[] = [];
    page.on('framenavigated', (frame) => urls.push(frame.url()));
    page.on('request', (request) => urls.push(request.url()));
    const tokenResponse = page.waitForResponse(
      (response) => response.url().includes('/trpc/recovery.checkAnswer') && response.ok(),
    );

    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await atPath(page, '/forgot');
    await shown(page.getByRole('heading', { name: 'Forgotten password' }));
    await shown(page.getByText('Enter your username to see your security question.'));
    await e2e.screenshot(page, 'forgot-username-en');

    await page.getByLabel('Username').fill('nobody_here');
    await page.getByRole('button', { name: 'Continue' }).click();
    await shown(alert(page, 'No such user'));
    await page.getByLabel('Username').fill(account.username);
    await page.getByRole('button', { name: 'Continue' }).click();
    await shown(page.getByText('Name of my first cat?'));
    await e2e.screenshot(page, 'forgot-question-en');

    await page.getByLabel('Answer').fill('Tom');
    await page.getByRole('button', { name: 'Check answer' }).click();
    await shown(alert(page, 'Wrong answer'));
    await e2e.screenshot(page, 'forgot-wrong-answer-en');
    await page.getByLabel('Answer').fill('  mister whiskers '); // answers are normalised
    await page.getByRole('button', { name: 'Check answer' }).click();
    await shown(notice(page, 'Answer accepted. Choose a new password.'));
    const body = (await (await tokenResponse).json()) as [{ result: { data: { token: string } } }];
    const token = body[0].result.data.token;
    expect(token.length).toBeGreaterThanOrEqual(20);

    const newPassword = 'found my way back in';
    const field = page.getByLabel('New password', { exact: true });
    await field.fill('short');
    await shown(page.getByText('Use between 8 and 128 characters.'));
    await field.fill(newPassword);
    await shown(page.getByText('Strength: strong'));
    await e2e.screenshot(page, 'forgot-new-password-en');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await shown(notice(page, 'Your password was changed. Sign in with the new one.'));
    await e2e.screenshot(page, 'forgot-done-en');

    // The token lived in memory only: no URL, no history entry, no storage.
    expect(pathnameOf(page.url())).toBe('/forgot');
    expect(urls.length).toBeGreaterThan(3);
    expect(
      urls.filter((url) => url.includes(token) || url.includes(encodeURIComponent(token))),
    ).toEqual([]);
    const stored = await page.evaluate(() =>
      JSON.stringify([history.state, { ...localStorage }, { ...sessionStorage }, document.cookie]),
    );
    expect(stored).not.toContain(token);

    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await atPath(page, '/signin');
    await submitSignIn(page, account.username, account.password);
    await shown(alert(page, 'Wrong username or password'));
    await submitSignIn(page, account.username, newPassword);
    await atPath(page, '/profile');
    expect(errors).toEqual([]);

    // The token was single-use.
    const reuse = e2e.server.client().recovery.resetPassword.mutate({
      username: account.username,
      token,
      newPassword: 'yet another passphrase',
    });
    await expect(reuse).rejects.toMatchObject({ data: { kind: 'BAD_RESET_TOKEN' } });
    await page.context().close();
  });
});

const pathnameOf = (url: string) => new URL(url).pathname;
