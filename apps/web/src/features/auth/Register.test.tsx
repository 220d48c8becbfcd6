import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-render.tsx';
import { Refusal, fakeServer, urlOf } from '../../test-server.ts';
import { Register } from './Register.tsx';

afterEach(() => vi.restoreAllMocks());

describe('Register', () => {
  it('labels every field and shows the privacy notice with an unticked consent box', () => {
    renderWithApp(<Register />);
    for (const label of ['Username', 'Email', 'Phone (optional)', 'Security question', 'Answer'])
      expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByLabelText('Password', { selector: 'input' })).toBeTruthy();
    expect(screen.getByText(/one-way hashes/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('I agree to this use of my data').checked).toBe(
      false,
    );
  });

  it('does not send anything without consent, and says why', async () => {
    // Observe (not replace) the network: nothing may try to register.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const user = userEvent.setup();
    renderWithApp(<Register />);
    await user.type(screen.getByLabelText('Username'), 'new_user');
    await user.type(
      screen.getByLabelText('Password', { selector: 'input' }),
      'a long enough password',
    );
    await user.type(screen.getByLabelText('Email'), 'new@example.com');
    await user.type(screen.getByLabelText('Security question'), 'q');
    await user.type(screen.getByLabelText('Answer'), 'a');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Please agree to the use of your data to continue.',
    );
    const registerCalls = fetchSpy.mock.calls.filter(([url]) =>
      urlOf(url).includes('account.register'),
    );
    expect(registerCalls).toHaveLength(0);
  });

  it('shows the password rule problem live and keeps the form from submitting it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const user = userEvent.setup();
    renderWithApp(<Register />);
    await user.type(screen.getByLabelText('Username'), 'samename');
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'SameName');
    expect(screen.getByRole('alert').textContent).toBe('Your password cannot be your username.');
    await user.click(screen.getByLabelText('I agree to this use of my data'));
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(
      fetchSpy.mock.calls.filter(([url]) => urlOf(url).includes('account.register')),
    ).toHaveLength(0);
  });

  it('says how long to wait when the availability check is throttled', async () => {
    fakeServer({
      'account.checkAvailability': () => {
        throw new Refusal('RATE_LIMITED', 'TOO_MANY_REQUESTS', 429, { retryAfterSeconds: 125 });
      },
    });
    renderWithApp(<Register />);
    await userEvent.setup().type(screen.getByLabelText('Username'), 'new_user');
    expect(await screen.findByText('Too many attempts — try again in 3 minutes.')).toBeTruthy();
  });
});
