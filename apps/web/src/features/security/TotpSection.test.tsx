import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-render.tsx';
import { Refusal, fakeServer } from '../../test-server.ts';
import { TotpSection } from './TotpSection.tsx';

afterEach(() => vi.restoreAllMocks());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// A hostile SVG: if it ever reached the DOM as markup, its script and handler would be there.
const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="1" height="1"/></svg>';
const CODES = Array.from({ length: 10 }, (_, i) => `code-${String(i).padStart(4, '0')}-xyz`);
const status = (enabled: boolean, left = 0) => ({
  totp: {
    enabled,
    enabledAt: enabled ? '2026-03-04T09:00:00.000Z' : null,
    recoveryCodesLeft: left,
  },
  passkeys: [],
});

/** jsdom has no object URLs: record what would be downloaded. */
function catchDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      blobs.push(blob);
      return 'blob:test';
    },
    revokeObjectURL: () => undefined,
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  return { blobs, names };
}

/** jsdom's Blob has no text(); its FileReader reads it. */
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(new Error('unreadable blob'));
    reader.readAsText(blob);
  });

describe('TotpSection, setting up an authenticator app', () => {
  it('asks for the password, shows the QR code as an image and the key as text, confirms a first code, then shows the codes once', async () => {
    let enabled = false;
    let confirms = 0;
    const calls = fakeServer({
      'factors.status': () => status(enabled, enabled ? 10 : 0),
      'factors.totpBegin': () => ({
        secret: SECRET,
        uri: `otpauth://totp/acct:me?secret=${SECRET}`,
        qrSvg: QR_SVG,
      }),
      'factors.totpConfirm': () => {
        if (++confirms === 1) throw new Refusal('WRONG_CODE', 'UNAUTHORIZED', 401);
        enabled = true;
        return { recoveryCodes: CODES };
      },
    });
    const downloads = catchDownloads();
    const user = userEvent.setup();
    const { container } = renderWithApp(<TotpSection />);
    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'my passphrase');
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    const qr = await screen.findByRole<HTMLImageElement>('img', {
      name: 'QR code for your authenticator app',
    });
    expect(qr.src.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(qr.src.slice(qr.src.indexOf(',') + 1))).toBe(QR_SVG);
    expect(container.querySelector('svg, script, [onload]')).toBeNull();
    expect(screen.getByTestId('totp-key').textContent?.replaceAll(' ', '')).toBe(SECRET);
    // The password has done its job and is no longer on the page.
    expect(screen.queryByLabelText('Password', { selector: 'input' })).toBeNull();

    await user.type(screen.getByLabelText('Code from the app'), '000 000');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong code');
    expect(screen.getByRole('img', { name: 'QR code for your authenticator app' })).toBeTruthy();

    await user.type(screen.getByLabelText('Code from the app'), '123456');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    const shown = await screen.findByRole('region', { name: 'Your recovery codes' });
    expect(
      within(shown)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);
    expect(shown.textContent).toContain('They are shown this once only.');
    expect(screen.getByRole('status').textContent).toBe('The authenticator app is on.');
    expect(await screen.findByText('Recovery codes left: 10.')).toBeTruthy();

    // user-event's clipboard stands in for the browser's.
    await user.click(screen.getByRole('button', { name: 'Copy the codes' }));
    expect((await screen.findByText('Copied.')).getAttribute('role')).toBe('status');
    expect(await navigator.clipboard.readText()).toBe(CODES.join('\n'));
    await user.click(screen.getByRole('button', { name: 'Download the codes' }));
    expect(downloads.names).toEqual(['recovery-codes.txt']);
    const file = await readBlob(downloads.blobs[0]!);
    for (const code of CODES) expect(file).toContain(code);

    await user.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByRole('region', { name: 'Your recovery codes' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Turn off' })).toBeTruthy();
    expect(calls.filter((c) => c.path !== 'factors.status').map((c) => [c.path, c.input])).toEqual([
      ['factors.totpBegin', { password: 'my passphrase' }],
      ['factors.totpConfirm', { code: '000000' }],
      ['factors.totpConfirm', { code: '123456' }],
    ]);
  });

  it('turns the app off with the password and a code, and words it in Chinese', async () => {
    let enabled = true;
    const calls = fakeServer({
      'factors.status': () => status(enabled, 7),
      'factors.totpDisable': () => {
        enabled = false;
        return { disabled: true };
      },
    });
    const user = userEvent.setup();
    renderWithApp(<TotpSection />, { lang: 'zh' });
    expect(await screen.findByText('剩余恢复码：7 个。')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '关闭' }));
    const submit = screen
      .getAllByRole('button', { name: '关闭' })
      .find((b) => b.getAttribute('type') === 'submit')!;
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText('密码', { selector: 'input' }), 'my passphrase');
    await user.type(screen.getByLabelText('应用中的验证码或恢复码'), 'abcd-efgh');
    await user.click(submit);
    expect((await screen.findByRole('status')).textContent).toBe('身份验证器应用已关闭。');
    expect(await screen.findByRole('button', { name: '设置身份验证器应用' })).toBeTruthy();
    expect(calls.find((c) => c.path === 'factors.totpDisable')?.input).toEqual({
      password: 'my passphrase',
      code: 'abcd-efgh',
    });
  });
});
