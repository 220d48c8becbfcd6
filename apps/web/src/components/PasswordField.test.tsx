import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../test-render.tsx';
import { PasswordField } from './PasswordField.tsx';

function NewPassword({ username = 'lambo' }: { username?: string }) {
  const [value, setValue] = useState('');
  return (
    <PasswordField
      label="New password"
      autoComplete="new-password"
      value={value}
      onChange={(e) => setValue(e.target.value)}
      rulesFor={{ username }}
    />
  );
}

describe('PasswordField', () => {
  it('shows the rules, then each problem and the strength as you type', async () => {
    const user = userEvent.setup();
    renderWithApp(<NewPassword />);
    const input = screen.getByLabelText('New password');
    expect(screen.getByText(/Use 8–128 characters/)).toBeTruthy();

    await user.type(input, 'short');
    expect(screen.getByRole('alert').textContent).toBe('Use between 8 and 128 characters.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Strength: weak')).toBeTruthy();

    await user.clear(input);
    await user.type(input, 'correct horse battery staple');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Strength: strong')).toBeTruthy();
    // Hint and error are announced with the input.
    expect(input.getAttribute('aria-describedby')).toMatch(/hint/);
  });

  it('refuses the username itself, ignoring case', async () => {
    const user = userEvent.setup();
    renderWithApp(<NewPassword username="longusername" />);
    await user.type(screen.getByLabelText('New password'), 'LongUserName');
    expect(screen.getByRole('alert').textContent).toBe('Your password cannot be your username.');
  });

  it('toggles between hidden and shown, and accepts pasted text', async () => {
    const user = userEvent.setup();
    renderWithApp(<NewPassword />);
    const input = screen.getByLabelText<HTMLInputElement>('New password');
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('new-password');
    const toggle = screen.getByRole('button', { name: 'Show password' });
    await user.click(toggle);
    expect(input.type).toBe('text');
    expect(screen.getByRole('button', { name: 'Hide password' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await user.click(input);
    await user.paste('pasted from a manager');
    expect(input.value).toBe('pasted from a manager');
  });

  it('speaks Chinese when the app does', async () => {
    const user = userEvent.setup();
    renderWithApp(<NewPassword />, { lang: 'zh' });
    await user.type(screen.getByLabelText('New password'), 'abc');
    expect(screen.getByRole('alert').textContent).toBe('密码须为8到128个字符。');
    expect(screen.getByRole('button', { name: '显示密码' })).toBeTruthy();
  });
});
