import type { OwnSecurityEvent } from '@acct/schema';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-render.tsx';
import { fakeServer } from '../../test-server.ts';
import { SecurityActivity } from './SecurityActivity.tsx';

afterEach(() => vi.restoreAllMocks());

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const event = (id: number, extra: Partial<OwnSecurityEvent> = {}): OwnSecurityEvent => ({
  id,
  at: new Date(Date.UTC(2026, 2, 4, 9, 0, id)).toISOString(),
  kind: 'login',
  outcome: 'success',
  ip: '203.0.113.9',
  face: 'trpc',
  userAgent: CHROME,
  byAdministrator: false,
  ...extra,
});

describe('SecurityActivity', () => {
  it('lists the events readably and pages back with the last id as the cursor', async () => {
    const first = [
      event(30, { kind: 'password_change' }),
      event(29, { kind: 'login', outcome: 'failure', userAgent: null, ip: null }),
      event(28, { kind: 'status_change', byAdministrator: true, face: 'cli', userAgent: null }),
    ];
    const calls = fakeServer({
      'security.events': (input) => {
        const { cursor } = input as { cursor?: number | null };
        return cursor == null
          ? { events: first, nextCursor: 28 }
          : {
              events: [event(5, { kind: 'register', face: 'mall', userAgent: 'curl/8.5.0' })],
              nextCursor: null,
            };
      },
    });
    renderWithApp(<SecurityActivity />);
    expect(screen.getByRole('heading', { level: 1, name: 'Security activity' })).toBeTruthy();
    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]?.querySelector('strong')?.textContent).toBe('Password change succeeded');
    expect(within(items[0]!).getByText('Chrome · Linux')).toBeTruthy();
    expect(within(items[0]!).getByText('203.0.113.9')).toBeTruthy();
    expect(within(items[0]!).getByText('Website')).toBeTruthy();
    expect(items[1]?.querySelector('strong')?.textContent).toBe('Sign-in failed');
    expect(within(items[1]!).getByText('Unknown device')).toBeTruthy();
    expect(items[2]?.textContent).toContain('by an administrator');
    expect(within(items[2]!).getByText('Command line')).toBeTruthy();
    expect(items[0]?.textContent).not.toContain('by an administrator');
    expect(calls.map((c) => c.input)).toEqual([{ limit: 20, direction: 'forward' }]);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Show more' }));
    await vi.waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(4));
    expect(screen.getAllByRole('listitem')[3]?.querySelector('strong')?.textContent).toBe(
      'Account created succeeded',
    );
    expect(within(screen.getAllByRole('listitem')[3]!).getByText('curl/8.5.0')).toBeTruthy();
    expect((calls.at(-1)?.input as { cursor?: number }).cursor).toBe(28);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
  });

  it('says when there is nothing yet, in Chinese too', async () => {
    fakeServer({ 'security.events': () => ({ events: [], nextCursor: null }) });
    renderWithApp(<SecurityActivity />, { lang: 'zh' });
    expect(await screen.findByText('暂无记录。')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '安全动态' })).toBeTruthy();
  });
});
