import { readFile } from 'node:fs/promises';
import { ROLE_ADMIN } from '@acct/schema';
import { Secret, TOTP } from 'otpauth';
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
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

const STEP_MS = 30_000;
/** The code an authenticator app shows at `at` for the key the page displayed (RFC 6238, as the server reads it). */
const codeAt = (base32: string, at: number) =>
  new TOTP({
    secret: Secret.fromBase32(base32),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({ timestamp: at });
/**
 * The server refuses a step it has accepted already (replay), and accepts the neighbouring step
 * (a phone clock a little ahead): the next step's code is a fresh code without waiting 30 s.
 */
const nextCode = (base32: string) => codeAt(base32, Date.now() + STEP_MS);

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

const words = {
  en: {
    section: 'Authenticator app',
    setUp: 'Set up an authenticator app',
    password: 'Password',
    continue: 'Continue',
    qr: 'QR code for your authenticator app',
    firstCode: 'Code from the app',
    turnOn: 'Turn on',
    codes: 'Your recovery codes',
    once: 'They are shown this once only.',
    saved: 'I have saved them',
    appCode: 'Authenticator code',
    verify: 'Verify',
    signOut: 'Sign out',
  },
  zh: {
    section: '身份验证器应用',
    setUp: '设置身份验证器应用',
    password: '密码',
    continue: '继续',
    qr: '身份验证器应用的二维码',
    firstCode: '应用中的验证码',
    turnOn: '开启',
    codes: '您的恢复码',
    once: '恢复码只显示这一次',
    saved: '我已保存',
    appCode: '验证器中的验证码',
    verify: '验证',
    signOut: '退出登录',
  },
} as const;

/**
 * On /security: sets up the authenticator app through the page, reading the key as the page
 * shows it; returns the key and the recovery codes shown.
 */
async function enrolTotp(page: Page, password: string, lang: 'en' | 'zh', shots?: string) {
  const w = words[lang];
  const section = page.getByRole('region', { name: w.section, exact: true });
  await section.getByRole('button', { name: w.setUp }).click();
  await section.getByLabel(w.password, { exact: true }).fill(password);
  await section.getByRole('button', { name: w.continue }).click();
  const qr = page.getByRole('img', { name: w.qr });
  await shown(qr);
  // The QR code is an image from a data URL; no SVG markup was put into the page.
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  expect(await page.locator('main svg').count()).toBe(0);
  const key = ((await page.getByTestId('totp-key').textContent()) ?? '').replaceAll(' ', '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  if (shots) {
    expect(await overflow(page)).toBeLessThanOrEqual(375);
    await e2e.screenshot(page, `${shots}-enrol`);
  }
  await page.getByLabel(w.firstCode).fill(codeAt(key, Date.now()));
  await page.getByRole('button', { name: w.turnOn }).click();
  const region = page.getByRole('region', { name: w.codes });
  await shown(region);
  await shown(region.getByText(w.once));
  const codes = (await region.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  if (shots) {
    expect(await overflow(page)).toBeLessThanOrEqual(375);
    await e2e.screenshot(page, `${shots}-codes`);
  }
  await page.getByRole('button', { name: w.saved }).click();
  return { key, codes };
}

async function signOut(page: Page, lang: 'en' | 'zh' = 'en') {
  await page.getByRole('button', { name: words[lang].signOut }).click();
  await atPath(page, '/signin');
}

/** Password, then the second step with a recovery code. */
async function signInWithRecoveryCode(
  page: Page,
  account: { username: string; password: string },
  code: string,
) {
  await submitSignIn(page, account.username, account.password);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

describe('second factors in the browser', () => {
  it('enrols an authenticator app, signs in with its code and with a recovery code once, downloads the data and deletes the account', async () => {
    const page = await e2e.newPage();
    const errors = watchErrors(page);
    const account = { username: 'factor_owner', password: 'factor owner passphrase 2024' };

    // Registers through the page.
    await page.goto('/register');
    await page.getByLabel('Username').fill(account.username);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByLabel('Email').fill('factor.owner@example.com');
    await page.getByLabel('Security question').fill('Favourite colour?');
    await page.getByLabel('Answer').fill('Blue');
    await page.getByLabel('I agree to this use of my data').check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await atPath(page, '/signin');
    await submitSignIn(page, account.username, account.password);
    await atPath(page, '/profile');

    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await shown(page.getByRole('heading', { name: 'Security', level: 1 }));
    await shown(page.getByText('You are signed in on 1 device(s).'));
    const { key, codes } = await enrolTotp(page, account.password, 'en');
    await shown(page.getByText('Recovery codes left: 10.'));
    await shown(page.getByRole('heading', { name: 'Security activity', level: 2 }));
    await shown(page.getByText('Authenticator app turned on succeeded'));

    // The password alone no longer opens the account: the second step asks for the app's code.
    await signOut(page);
    await submitSignIn(page, account.username, account.password);
    await page.getByLabel('Authenticator code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await shown(alert(page, 'Wrong code'));
    await page.getByLabel('Authenticator code').fill(nextCode(key));
    await page.getByRole('button', { name: 'Verify' }).click();
    await atPath(page, '/profile');

    // A recovery code signs in once; the same code a second time is refused.
    await signOut(page);
    await signInWithRecoveryCode(page, account, codes[0]!);
    await atPath(page, '/profile');
    await signOut(page);
    await signInWithRecoveryCode(page, account, codes[0]!);
    await shown(alert(page, 'Wrong code'));
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel('Recovery code').fill(codes[1]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await atPath(page, '/profile');

    // The data download: the account's data, and no hash, key or code.
    await page.goto('/security');
    await shown(page.getByText('Recovery codes left: 8.'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('account-data.json');
    const text = await readFile(await download.path(), 'utf8');
    const data = JSON.parse(text) as {
      profile: { username: string };
      factors: { totp: { enabled: boolean; recoveryCodesLeft: number } };
      events: { kind: string }[];
    };
    expect(data.profile.username).toBe(account.username);
    expect(data.factors.totp).toMatchObject({ enabled: true, recoveryCodesLeft: 8 });
    expect(data.events.map((e) => e.kind)).toContain('totp_enable');
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain(key);
    expect(text.toLowerCase()).not.toContain(key.toLowerCase());
    for (const code of codes) expect(text).not.toContain(code);
    expect(text).not.toContain(account.password);
    await shown(notice(page, 'Downloaded account-data.json.'));

    // Deleting the account: password, a code (TOTP is on) and the tick.
    const danger = page.getByRole('region', { name: 'Delete my account' });
    await danger.getByRole('button', { name: 'Delete my account…' }).click();
    const erase = danger.getByRole('button', { name: 'Delete my account', exact: true });
    await danger.getByLabel('Password', { exact: true }).fill(account.password);
    expect(await erase.isDisabled()).toBe(true);
    await danger.getByLabel('Code from the app, or a recovery code').fill('000000');
    await danger.getByLabel('I understand that my account will be gone for good.').check();
    await erase.click();
    await shown(alert(danger, 'Wrong code'));
    expect(dbUsers(e2e).map((u) => u.username)).toContain(account.username);
    await danger.getByLabel('Code from the app, or a recovery code').fill(codes[2]!);
    await erase.click();
    await atPath(page, '/signin');
    await shown(notice(page, 'Your account has been deleted.'));
    expect(dbUsers(e2e).map((u) => u.username)).not.toContain(account.username);

    // Signing in again fails like any unknown account.
    await submitSignIn(page, account.username, account.password);
    await shown(alert(page, 'Wrong username or password'));
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(errors).toEqual([]);
  });

  it('gives an expired second step back to the password with a message', async () => {
    const account = await createUser(e2e, 'factor_expired');
    const page = await e2e.newPage();
    await signIn(page, account);
    await page.goto('/security');
    const { key } = await enrolTotp(page, account.password, 'en');
    await signOut(page);
    await submitSignIn(page, account.username, account.password);
    // Five wrong codes spend the step on the server; the right code after them is too late.
    for (let i = 0; i < 5; i += 1) {
      await page.getByLabel('Authenticator code').fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      await shown(alert(page, 'Wrong code'));
      await poll(() => page.getByLabel('Authenticator code').inputValue()).toBe('');
    }
    await page.getByLabel('Authenticator code').fill(nextCode(key));
    await page.getByRole('button', { name: 'Verify' }).click();
    await shown(alert(page, 'This step has expired; sign in again'));
    await shown(page.getByLabel('Password', { exact: true }));
    expect(await page.getByLabel('Authenticator code').count()).toBe(0);
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`fits a 375 px phone in ${lang}: the set-up, the codes, the second step`, async () => {
      const account = await createUser(e2e, `factor_phone_${lang}`);
      const page = await e2e.newPage({ lang, mobile: true });
      const errors = watchErrors(page);
      await signIn(page, account, { zh: lang === 'zh' });
      await page.goto('/security');
      await shown(
        page.getByRole('heading', { name: lang === 'zh' ? '安全中心' : 'Security', level: 1 }),
      );
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await e2e.screenshot(page, `security-center-mobile-${lang}`);
      const { key } = await enrolTotp(page, account.password, lang, `factors-mobile-${lang}`);
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await e2e.screenshot(page, `security-center-on-mobile-${lang}`);
      await signOut(page, lang);
      await submitSignIn(page, account.username, account.password, { zh: lang === 'zh' });
      await shown(page.getByLabel(words[lang].appCode));
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await e2e.screenshot(page, `signin-second-step-mobile-${lang}`);
      await page.getByLabel(words[lang].appCode).fill(nextCode(key));
      await page.getByRole('button', { name: words[lang].verify }).click();
      await atPath(page, '/profile');
      expect(errors).toEqual([]);
    });
  }
});

describe('second factors in the admin console', () => {
  it("signs an administrator with TOTP in through two steps, shows a user's factors and resets them", async () => {
    const admin = { username: 'factor_admin', password: 'factor admin passphrase' };
    await e2e.server.addAccount({ ...admin, email: 'factor.admin@example.com', role: ROLE_ADMIN });
    const customer = await createUser(e2e, 'factor_customer');
    // Setup, not under test: TOTP for both through the typed client, as the security center does.
    const enrolByClient = async (who: { username: string; password: string }) => {
      const { token } = await e2e.server.client().auth.login.mutate({ ...who, via: 'token' });
      const client = e2e.server.client(token!);
      const { secret } = await client.factors.totpBegin.mutate({ password: who.password });
      await client.factors.totpConfirm.mutate({ code: codeAt(secret, Date.now()) });
      return secret;
    };
    const adminKey = await enrolByClient(admin);
    await enrolByClient({ username: customer.username, password: customer.password });
    // The Chinese pass signs in with a second administrator: the first one's next code is spent.
    const admin2 = { username: 'factor_admin_zh', password: 'factor admin zh passphrase' };
    await e2e.server.addAccount({
      ...admin2,
      email: 'factor.admin.zh@example.com',
      role: ROLE_ADMIN,
    });

    for (const lang of ['en', 'zh'] as const) {
      const zh = lang === 'zh';
      const page = await e2e.newPage({ lang, mobile: true });
      const errors = watchErrors(page);
      await page.goto('/admin/signin');
      if (zh) {
        await submitSignIn(page, admin2.username, admin2.password, { zh });
      } else {
        await submitSignIn(page, admin.username, admin.password);
        await page.getByLabel(words.en.appCode).fill(nextCode(adminKey));
        await page.getByRole('button', { name: words.en.verify }).click();
      }
      await atPath(page, '/admin');
      await page
        .getByRole('button', { name: `${zh ? '两步验证' : 'Second factors'} ${customer.username}` })
        .click();
      const panel = page.getByRole('region', {
        name: zh ? `${customer.username} 的两步验证` : `Second factors of ${customer.username}`,
      });
      if (!zh) {
        await shown(panel.getByText('Authenticator app: on'));
        await shown(panel.getByText('Passkeys: 0'));
      } else {
        await shown(panel.getByText('身份验证器应用：未开启'));
      }
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await e2e.screenshot(page, `admin-factors-mobile-${lang}`);
      if (!zh) {
        await panel.getByRole('button', { name: 'Reset second factors' }).click();
        await panel.getByLabel('Password', { exact: true }).fill('not the password');
        await panel.getByRole('button', { name: 'Reset second factors' }).click();
        await shown(alert(panel, 'The current password is wrong'));
        await panel.getByLabel('Password', { exact: true }).fill(admin.password);
        await panel.getByRole('button', { name: 'Reset second factors' }).click();
        await shown(
          notice(panel, `Second factors of ${customer.username} reset: 0 passkey(s) removed.`),
        );
        await shown(panel.getByText('Authenticator app: off'));
        // The customer's password alone signs in again.
        const step = await e2e.server.client().auth.signIn.mutate({
          username: customer.username,
          password: customer.password,
          via: 'token',
        });
        expect(step.step).toBe('signed_in');
      }
      expect(errors).toEqual([]);
    }
  });
});
