import { TRPCClientError } from '@acct/client';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../test-render.tsx';
import { ErrorAlert } from './Alerts.tsx';

/** A failure exactly as the typed client raises it for a tRPC error response. */
const failure = (kind: string, retryAfterSeconds: number | null = null) =>
  TRPCClientError.from({
    error: {
      message: 'x',
      code: -32001,
      data: {
        code: 'UNAUTHORIZED',
        httpStatus: 401,
        path: 'auth.login',
        kind,
        issues: null,
        retryAfterSeconds,
      },
    },
  } as never);
const throttled = (seconds: number | null) => failure('RATE_LIMITED', seconds);
/** The alert's text for `error`, rendered alone. */
const shown = (error: unknown, lang: 'en' | 'zh' = 'en') => {
  const { unmount } = renderWithApp(<ErrorAlert error={error} />, { lang });
  const text = screen.getByRole('alert').textContent;
  unmount();
  return text;
};

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

  it('says how long to wait when a throttle refusal tells it, rounded up, in both languages', () => {
    expect(shown(throttled(1))).toBe('Too many attempts — try again in 1 second.');
    expect(shown(throttled(45))).toBe('Too many attempts — try again in 45 seconds.');
    expect(shown(throttled(60))).toBe('Too many attempts — try again in 1 minute.');
    expect(shown(throttled(61))).toBe('Too many attempts — try again in 2 minutes.');
    expect(shown(throttled(900))).toBe('Too many attempts — try again in 15 minutes.');
    expect(shown(throttled(3 * 3600 - 10))).toBe('Too many attempts — try again in 3 hours.');
    expect(shown(throttled(900), 'zh')).toBe('尝试次数过多，请在15分钟后重试。');
    expect(shown(throttled(30), 'zh')).toBe('尝试次数过多，请在30秒后重试。');
    // Without a wait (or a nonsense one), the table's message; other kinds never show a wait.
    expect(shown(throttled(null))).toBe('Too many attempts, try again later');
    expect(shown(throttled(-5))).toBe('Too many attempts, try again later');
    expect(shown(failure('WRONG_CREDENTIALS', 900))).toBe('Wrong username or password');
  });

  it('says how long to wait when the busy password hasher refuses, in both languages', () => {
    expect(shown(failure('OVERLOADED', 1))).toBe('The service is busy — try again in 1 second.');
    expect(shown(failure('OVERLOADED', 3), 'zh')).toBe('服务繁忙，请在3秒后重试。');
    expect(shown(failure('OVERLOADED', null))).toBe('The service is busy; try again in a moment');
  });

  it('renders nothing without an error', () => {
    const { container } = renderWithApp(<ErrorAlert error={null} />);
    expect(container.textContent).toBe('');
  });
});
