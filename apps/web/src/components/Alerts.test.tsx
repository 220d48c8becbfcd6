import { TRPCClientError } from '@acct/client';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../test-render.tsx';
import { ErrorAlert } from './Alerts.tsx';

/** A failure exactly as the typed client raises it for a tRPC error response. */
const failure = (kind: string) =>
  TRPCClientError.from({ error: { message: 'x', code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401, path: 'auth.login', kind, issues: null } } } as never);

describe('ErrorAlert', () => {
  it('shows the shared error table’s message for the kind, announced as an alert', () => {
    renderWithApp(<ErrorAlert error={failure('WRONG_CREDENTIALS')} />);
    expect(screen.getByRole('alert').textContent).toBe('Wrong username or password');
  });

  it('shows it in Chinese', () => {
    renderWithApp(<ErrorAlert error={failure('EMAIL_TAKEN')} />, { lang: 'zh' });
    expect(screen.getByRole('alert').textContent).toBe('email已经存在, 请更换');
  });

  it('falls back to a generic message for anything unnamed, and offers a retry', async () => {
    const retry = vi.fn();
    renderWithApp(<ErrorAlert error={new Error('socket hang up')} onRetry={retry} />);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong');
    expect(screen.getByRole('alert').textContent).not.toContain('socket');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it('renders nothing without an error', () => {
    const { container } = renderWithApp(<ErrorAlert error={null} />);
    expect(container.textContent).toBe('');
  });
});
