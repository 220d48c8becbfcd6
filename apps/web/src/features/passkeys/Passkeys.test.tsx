import type { FactorStatus, PasskeyInfo } from '@acct/schema';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-render.tsx';
import { Refusal, fakeServer } from '../../test-server.ts';
import { Passkeys } from './Passkeys.tsx';

afterEach(() => vi.restoreAllMocks());

const passkey = (id: string, extra: Partial<PasskeyInfo> = {}): PasskeyInfo => ({
  id,
  name: `Key ${id}`,
  createdAt: new Date(Date.UTC(2026, 2, 4, 9)).toISOString(),
  lastUsedAt: null,
  synced: false,
  ...extra,
});
const status = (passkeys: PasskeyInfo[]): FactorStatus => ({
  totp: { enabled: false, enabledAt: null, recoveryCodesLeft: 0 },
  passkeys,
});

describe('Passkeys', () => {
  it('lists each passkey with when it was added and last used, and whether it is synced', async () => {
    fakeServer({
      'factors.status': () =>
        status([
          passkey('a', { name: 'Laptop', synced: true, lastUsedAt: new Date().toISOString() }),
          passkey('b', { name: 'Security key' }),
        ]),
    });
    renderWithApp(<Passkeys />);
    expect(screen.getByRole('heading', { name: 'Passkeys' })).toBeTruthy();
    const items = await screen.findAllByRole('listitem');
    expect(items.map((li) => li.querySelector('strong')?.textContent)).toEqual([
      'Laptop',
      'Security key',
    ]);
    expect(within(items[0]!).getByText('Synced')).toBeTruthy();
    expect(within(items[0]!).queryByText('Never')).toBeNull();
    expect(within(items[1]!).queryByText('Synced')).toBeNull();
    expect(within(items[1]!).getByText('Never')).toBeTruthy();
    // jsdom has no WebAuthn: the section says so instead of offering a button that cannot work.
    expect(screen.getByText('This browser does not support passkeys.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add a passkey' })).toBeNull();
  });

  it('removes one only with the password, then shows the list without it', async () => {
    let current = [passkey('a', { name: 'Laptop' })];
    const calls = fakeServer({
      'factors.status': () => status(current),
      'passkeys.remove': (input) => {
        const { password } = input as { password: string };
        if (password !== 'right one') throw new Refusal('WRONG_OLD_PASSWORD', 'UNAUTHORIZED', 401);
        current = [];
        return { removed: true };
      },
    });
    const user = userEvent.setup();
    renderWithApp(<Passkeys />);
    const item = await screen.findByRole('listitem');
    await user.click(within(item).getByRole('button', { name: 'Remove' }));
    expect(within(item).getByText('Enter your password to remove “Laptop”.')).toBeTruthy();
    const confirm = within(item).getByRole('button', { name: 'Remove passkey' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await user.type(within(item).getByLabelText('Password'), 'wrong');
    await user.click(confirm);
    expect((await within(item).findByRole('alert')).textContent).toContain('password');
    await user.clear(within(item).getByLabelText('Password'));
    await user.type(within(item).getByLabelText('Password'), 'right one');
    await user.click(confirm);
    await screen.findByText('You have no passkeys yet.');
    expect(calls.filter((c) => c.path === 'passkeys.remove').map((c) => c.input)).toEqual([
      { id: 'a', password: 'wrong' },
      { id: 'a', password: 'right one' },
    ]);
  });

  it('renames with the trimmed name, and says so when the passkey is gone', async () => {
    const calls = fakeServer({
      'factors.status': () => status([passkey('a', { name: 'Laptop' })]),
      'passkeys.rename': () => {
        throw new Refusal('PASSKEY_NOT_FOUND', 'NOT_FOUND', 404);
      },
    });
    const user = userEvent.setup();
    renderWithApp(<Passkeys />);
    const item = await screen.findByRole('listitem');
    await user.click(within(item).getByRole('button', { name: 'Rename' }));
    const name = within(item).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, '  Work laptop  ');
    await user.click(within(item).getByRole('button', { name: 'Save' }));
    expect((await within(item).findByRole('alert')).textContent).toBe('No such passkey');
    expect(calls.find((c) => c.path === 'passkeys.rename')?.input).toEqual({
      id: 'a',
      name: 'Work laptop',
    });
  });
});
