import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-render.tsx';
import { Refusal, fakeServer } from '../../test-server.ts';
import { SignIn } from './SignIn.tsx';

beforeEach(() => window.history.replaceState(null, '', '/signin'));
afterEach(() => vi.restoreAllMocks());

const SESSION_USER = { id: 7, username: 'two_step', nickname: 'Two', role: 0, pictureUrl: null };
const signedIn = {
  user: SESSION_USER,
  token: null,
  expiresAt: '2030-01-01T00:00:00.000Z',
  notices: [],
};
const secondStep = (methods: string[]) => ({
  step: 'second_factor',
  challenge: '12.challenge-secret',
  methods,
  expiresAt: '2030-01-01T00:00:00.000Z',
});
const wrongCode = () => {
  throw new Refusal('WRONG_CODE', 'UNAUTHORIZED', 401);
};

async function passwordStep(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Username'), ' two_step ');
  await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'two step passphrase');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignIn, two steps', () => {
  it('asks for the app code after the password, keeps the user there on a wrong code, then signs in', async () => {
    let attempts = 0;
    const calls = fakeServer({
      'auth.signIn': () => secondStep(['totp', 'recovery_code']),
      'auth.secondFactor': () => (++attempts === 1 ? wrongCode() : signedIn),
      'auth.session': () => SESSION_USER,
    });
    const user = userEvent.setup();
    renderWithApp(<SignIn />);
    await passwordStep(user);

    const code = await screen.findByLabelText('Authenticator code');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    // The password is gone from the page once it has done its job.
    expect(screen.queryByLabelText('Password', { selector: 'input' })).toBeNull();
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong code');
    // Still on the second step, with an empty field for the next try.
    expect(screen.getByLabelText<HTMLInputElement>('Authenticator code').value).toBe('');

    await user.type(screen.getByLabelText('Authenticator code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await vi.waitFor(() => expect(window.location.pathname).toBe('/profile'));
    expect(calls.filter((c) => c.path !== 'auth.session').map((c) => c.input)).toEqual([
      { username: 'two_step', password: 'two step passphrase' },
      { challenge: '12.challenge-secret', code: '123456' },
      { challenge: '12.challenge-secret', code: '654321' },
    ]);
  });

  it('takes a recovery code in a text field instead', async () => {
    const calls = fakeServer({
      'auth.signIn': () => secondStep(['totp', 'recovery_code']),
      'auth.secondFactor': () => signedIn,
      'auth.session': () => SESSION_USER,
    });
    const user = userEvent.setup();
    renderWithApp(<SignIn />);
    await passwordStep(user);
    await user.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    expect(screen.queryByLabelText('Authenticator code')).toBeNull();
    const field = screen.getByLabelText('Recovery code');
    expect(field.getAttribute('inputmode')).toBeNull();
    await user.type(field, 'abcd-efgh-jk');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await vi.waitFor(() => expect(window.location.pathname).toBe('/profile'));
    expect(calls.find((c) => c.path === 'auth.secondFactor')?.input).toEqual({
      challenge: '12.challenge-secret',
      code: 'abcd-efgh-jk',
    });
  });

  it('sends the user back to the password step when the second step has expired', async () => {
    fakeServer({
      'auth.signIn': () => secondStep(['totp', 'recovery_code']),
      'auth.secondFactor': () => {
        throw new Refusal('BAD_CHALLENGE', 'UNAUTHORIZED', 401);
      },
    });
    const user = userEvent.setup();
    renderWithApp(<SignIn />);
    await passwordStep(user);
    await user.type(await screen.findByLabelText('Authenticator code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This step has expired; sign in again',
    );
    expect(screen.queryByLabelText('Authenticator code')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Password', { selector: 'input' }).value).toBe(
      '',
    );
    expect(window.location.pathname).toBe('/signin');
  });

  it('signs an account without a factor in at once, and the admin console through adminSignIn', async () => {
    const calls = fakeServer({
      'auth.adminSignIn': () => ({ step: 'signed_in', ...signedIn }),
      'auth.session': () => SESSION_USER,
    });
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/admin/signin');
    renderWithApp(<SignIn admin />, { lang: 'zh' });
    await user.type(screen.getByLabelText('用户名'), 'two_step');
    await user.type(screen.getByLabelText('密码', { selector: 'input' }), 'two step passphrase');
    await user.click(screen.getByRole('button', { name: '登录' }));
    await vi.waitFor(() => expect(window.location.pathname).toBe('/admin'));
    expect(calls.map((c) => c.path)).toContain('auth.adminSignIn');
    expect(calls.map((c) => c.path)).not.toContain('auth.secondFactor');
  });

  it('words the second step in Chinese', async () => {
    fakeServer({ 'auth.signIn': () => secondStep(['totp', 'recovery_code']) });
    const user = userEvent.setup();
    renderWithApp(<SignIn />, { lang: 'zh' });
    await user.type(screen.getByLabelText('用户名'), 'two_step');
    await user.type(screen.getByLabelText('密码', { selector: 'input' }), 'two step passphrase');
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByLabelText('验证器中的验证码')).toBeTruthy();
    expect(screen.getByRole('button', { name: '改用恢复码' })).toBeTruthy();
  });
});
