import type { SecurityNotice } from '@acct/schema';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { dateTime } from '../../format.ts';
import { renderWithApp } from '../../test-render.tsx';
import { SignInNotices } from './SignInNotices.tsx';
import { keepSignInNotices } from './sign-in-notices.ts';

const notices: SecurityNotice[] = [
  { kind: 'email_change', at: '2026-03-04T09:15:00.000Z', ip: '203.0.113.9', face: 'trpc' },
  { kind: 'password_change', at: '2026-03-04T09:10:00.000Z', ip: null, face: 'mall' },
  { kind: 'password_reset', at: '2026-03-03T22:00:00.000Z', ip: '2001:db8::1', face: 'entry' },
];

describe('SignInNotices', () => {
  it('says what changed, when (local time) and from where, with what to do if it was not you', async () => {
    const { queryClient } = renderWithApp(<SignInNotices />);
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => void keepSignInNotices(queryClient, notices));
    const banner = await screen.findByRole('alert', {
      name: 'Changes to your account since you last signed in',
    });
    const items = Array.from(banner.querySelectorAll('li'), (li) => li.textContent);
    expect(items).toEqual([
      `Your email address was changed on ${dateTime(notices[0]!.at, 'en')} from 203.0.113.9 (Website).`,
      `Your password was changed on ${dateTime(notices[1]!.at, 'en')} from an unknown address (Mall API).`,
      `Your password was reset with the security question on ${dateTime(notices[2]!.at, 'en')} from 2001:db8::1 (Entry API).`,
    ]);
    expect(banner.textContent).toContain(
      'If this was not you, change your password now and review your active sessions.',
    );
    expect(screen.getByRole('link', { name: 'Change password' }).getAttribute('href')).toBe(
      '/password',
    );
    expect(screen.getByRole('link', { name: 'Review active sessions' }).getAttribute('href')).toBe(
      '/sessions',
    );
    expect(screen.getByRole('link', { name: 'All security activity' }).getAttribute('href')).toBe(
      '/security',
    );
  });

  it('is in Chinese too', async () => {
    const { queryClient } = renderWithApp(<SignInNotices />, { lang: 'zh' });
    act(() => void keepSignInNotices(queryClient, notices.slice(0, 1)));
    const banner = await screen.findByRole('alert', { name: '自您上次登录以来，账号有以下变更' });
    expect(banner.querySelector('li')?.textContent).toBe(
      `您的邮箱于 ${dateTime(notices[0]!.at, 'zh')} 从 203.0.113.9（网站）被修改。`,
    );
    expect(screen.getByRole('button', { name: '知道了' })).toBeTruthy();
  });

  it('outlives invalidation, goes when dismissed, and goes with the cache at sign-out', async () => {
    const { queryClient } = renderWithApp(<SignInNotices />);
    act(() => void keepSignInNotices(queryClient, notices));
    // Sign-in invalidates every query; the notices are not a query that could be refetched away.
    await screen.findByRole('alert');
    await act(() => queryClient.invalidateQueries());
    expect(screen.getByRole('alert')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());

    act(() => void keepSignInNotices(queryClient, notices));
    await screen.findByRole('alert');
    queryClient.clear(); // what sign-out does
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
    // Kept nowhere else: the browser's storage holds the language only.
    expect(Object.keys(localStorage)).toEqual(['lang']);
    expect(sessionStorage.length).toBe(0);
  });
});
