import type { Page } from 'playwright-core';
import sharp from 'sharp';
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
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

const save = async (page: Page) => {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await shown(notice(page, 'Saved.'));
};

describe('the profile screen', () => {
  it('keeps the username read-only and saves nickname, email and phone', async () => {
    const account = await createUser(e2e, 'profile_user');
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    await signIn(page, account);
    const username = page.getByLabel('Username');
    await poll(() => username.inputValue()).toBe('profile_user');
    expect(await username.isEditable()).toBe(false);
    await shown(page.getByText('Your username cannot be changed.'));

    await page.getByLabel('Nickname').fill('亖狼何必装羴2🐎');
    await page.getByLabel('Email').fill('renamed@example.com');
    await page.getByLabel('Phone').fill('+86 138 0013 8000');
    await save(page);
    await e2e.screenshot(page, 'profile-saved-en');

    await page.reload();
    await poll(() => page.getByLabel('Nickname').inputValue()).toBe('亖狼何必装羴2🐎');
    expect(await page.getByLabel('Email').inputValue()).toBe('renamed@example.com');
    expect(await page.getByLabel('Phone').inputValue()).toBe('+86 138 0013 8000');
    expect(await page.getByLabel('Username').inputValue()).toBe('profile_user');
    expect(dbUsers(e2e).find((u) => u.username === 'profile_user')).toMatchObject({
      nickname: '亖狼何必装羴2🐎',
      email: 'renamed@example.com',
      phone: '+86 138 0013 8000',
    });

    // A phone the server refuses is an announced error, and nothing changes.
    await page.getByLabel('Phone').fill('call me');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await shown(alert(page, 'Invalid argument'));
    expect(dbUsers(e2e).find((u) => u.username === 'profile_user')?.phone).toBe(
      '+86 138 0013 8000',
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows markup in a nickname as text and runs none of it', async () => {
    const account = await createUser(e2e, 'markup_user');
    const page = await e2e.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(page, account);
    const evil = '"><img src=x onerror=alert(1)>';
    await page.getByLabel('Nickname').fill(evil);
    await save(page);
    await page.reload();
    await poll(() => page.getByLabel('Nickname').inputValue()).toBe(evil);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dbUsers(e2e).find((u) => u.username === 'markup_user')?.nickname).toBe(evil);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('previews a picture, shows upload progress, then the stored JPEG; refuses a non-image', async () => {
    const account = await createUser(e2e, 'picture_user');
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    await signIn(page, account);
    await shown(page.getByText('No picture yet.'));

    const png = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg width="400" height="400"><circle cx="200" cy="200" r="180" fill="orange"/></svg>',
          ),
          left: 400,
          top: 200,
        },
      ])
      .png()
      .toBuffer();
    const chooser = page.getByLabel('Choose a picture (JPEG, PNG, WebP or GIF, up to 5 MB)');
    await chooser.setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: png });

    // The local preview, decoded from the chosen file before anything is sent.
    const preview = page.getByRole('img', { name: 'Preview of the chosen picture' });
    await shown(preview);
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);

    // Hold the upload at the network until the progress has been seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/trpc/picture.upload', async (route) => {
      await held;
      await route.continue();
    });
    const pictureResponse = page.waitForResponse((response) =>
      /\/pictures\/[0-9a-f]{32}\.jpg$/.test(response.url()),
    );
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await shown(notice(page, 'Uploading…'));
    await shown(page.getByRole('progressbar', { name: 'Uploading…' }));
    expect(await page.getByRole('button', { name: 'Upload picture' }).isDisabled()).toBe(true);
    await e2e.screenshot(page, 'profile-picture-uploading-en');
    release();

    await shown(notice(page, 'Picture updated. This is how it is stored:'));
    const stored = page.getByRole('img', { name: 'Your current picture' });
    await shown(stored);
    const src = await stored.getAttribute('src');
    expect(src).toMatch(
      new RegExp(`^${e2e.origin.replaceAll('.', '\\.')}/pictures/[0-9a-f]{32}\\.jpg$`),
    );
    expect(await preview.count()).toBe(0);
    const response = await pictureResponse;
    expect(response.url()).toBe(src);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/jpeg');
    const body = await response.body();
    expect([...body.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const size = () =>
      stored.evaluate((img: HTMLImageElement) =>
        img.complete ? [img.naturalWidth, img.naturalHeight] : [0, 0],
      );
    await poll(size).toEqual([512, 341]); // re-encoded to fit 512 × 512
    await e2e.screenshot(page, 'profile-picture-en');

    // It is the profile's picture from now on.
    await page.unroute('**/trpc/picture.upload');
    await page.reload();
    await shown(page.getByRole('img', { name: 'Your current picture' }));
    expect(await page.getByRole('img', { name: 'Your current picture' }).getAttribute('src')).toBe(
      src,
    );

    await chooser.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('These are my notes, not a picture.\n'),
    });
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await shown(alert(page, 'Upload a JPEG, PNG, WebP or GIF image'));
    await e2e.screenshot(page, 'profile-picture-refused-en');
    expect(await page.getByRole('img', { name: 'Your current picture' }).getAttribute('src')).toBe(
      src,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('changes the password only with the current one; the old one stops working', async () => {
    const account = await createUser(e2e, 'password_user');
    const elsewhere = await e2e.newPage();
    await signIn(elsewhere, account);
    const page = await e2e.newPage();
    await signIn(page, account);
    await page.getByRole('link', { name: 'Password', exact: true }).click();
    await atPath(page, '/password');
    await shown(page.getByRole('heading', { name: 'Change password' }));

    const newPassword = 'a brand new passphrase';
    await page.getByLabel('Current password', { exact: true }).fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await shown(page.getByText('Strength: strong'));
    await page.getByRole('button', { name: 'Change password' }).click();
    await shown(alert(page, 'The current password is wrong'));
    await e2e.screenshot(page, 'password-wrong-en');

    await page.getByLabel('Current password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await shown(notice(page, 'Password changed. Your other sessions were signed out.'));
    expect(await page.getByLabel('Current password', { exact: true }).inputValue()).toBe('');
    await e2e.screenshot(page, 'password-changed-en');
    await elsewhere.reload();
    await atPath(elsewhere, '/signin');
    await elsewhere.context().close();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await shown(page.getByRole('heading', { name: 'Sign in' }));
    await submitSignIn(page, account.username, account.password);
    await shown(alert(page, 'Wrong username or password'));
    await submitSignIn(page, account.username, newPassword);
    await atPath(page, '/profile');
    await page.context().close();
  });
});
