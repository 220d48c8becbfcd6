import { type AuditEvent, ROLE_ADMIN, type SessionUser } from '@acct/schema';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-render.tsx';
import { fakeServer } from '../../test-server.ts';
import { AuditLog } from './AuditLog.tsx';

afterEach(() => vi.restoreAllMocks());

const ME: SessionUser = {
  id: 1,
  username: 'chief',
  nickname: 'Chief',
  email: null,
  phone: null,
  role: ROLE_ADMIN,
  pictureUrl: null,
};
const event = (id: number, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  id,
  at: new Date(Date.UTC(2026, 2, 4, 9, 0, id % 60)).toISOString(),
  kind: 'login',
  outcome: 'success',
  userId: 7,
  subject: null,
  actorId: null,
  ip: '203.0.113.9',
  face: 'trpc',
  userAgent: null,
  requestId: 'r1',
  detail: null,
  ...extra,
});

type Input = Record<string, unknown>;
const filtersOf = (input: unknown) => {
  const { cursor: _c, direction: _d, limit: _l, ...filters } = input as Input;
  return filters;
};

describe('AuditLog', () => {
  it('shows the newest page with readable columns, and filters only on submit', async () => {
    const calls = fakeServer({
      'admin.auditLog': (input) => {
        const { username } = input as Input;
        if (username === 'role_target')
          return {
            events: [
              event(40, { kind: 'role_change', actorId: 1, detail: { role: ROLE_ADMIN } }),
              event(39),
            ],
            nextCursor: null,
          };
        return {
          events: [
            event(50, { kind: 'login', outcome: 'failure', userId: null, subject: 'nobody_here' }),
            event(49, {
              kind: 'admin_view',
              userId: null,
              actorId: 1,
              detail: { procedure: 'listUsers', prefix: '', cursor: null },
            }),
            event(48, {
              kind: 'status_change',
              userId: 7,
              actorId: 3,
              face: 'cli',
              detail: { disabled: true },
            }),
          ],
          nextCursor: 48,
        };
      },
    });
    const user = userEvent.setup();
    renderWithApp(<AuditLog me={ME} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Audit log' })).toBeTruthy();
    const rows = () => screen.getAllByRole('row').slice(1);
    await screen.findByText('“nobody_here”');
    expect(calls.map((c) => c.input)).toEqual([{ limit: 50, direction: 'forward' }]);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells(rows()[0]!)).toEqual([
      'Sign-in failed',
      '“nobody_here” (no such account)',
      '—',
      '203.0.113.9',
      'Website',
      '—',
    ]);
    expect(cells(rows()[1]!).slice(0, 5)).toEqual([
      'Viewed by an administrator succeeded',
      '—',
      'chief (you)',
      '203.0.113.9',
      'Website',
    ]);
    expect(
      within(rows()[1]!)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['procedure: listUsers', 'prefix: ""', 'cursor: —']);
    expect(cells(rows()[2]!)).toEqual([
      'Account enabled or disabled succeeded',
      '#7',
      '#3',
      '203.0.113.9',
      'Command line',
      'disabled: true',
    ]);
    expect(screen.getByRole('button', { name: 'Load more' })).toBeTruthy();

    // Typing reads nothing (each read is audited); submitting does.
    await user.type(screen.getByLabelText('Account'), 'role_target');
    await user.selectOptions(screen.getByLabelText('Kind'), 'Role change');
    expect(calls).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Show events' }));
    await screen.findByText('Role change', { selector: '.event-name' });
    expect(filtersOf(calls.at(-1)?.input)).toEqual({
      username: 'role_target',
      kind: 'role_change',
    });
    // Filtered by a name, the account's events show it.
    expect(cells(rows()[0]!)[1]).toBe('role_target #7');
    expect(cells(rows()[0]!)[2]).toBe('chief (you)');

    // The same filters again read the log again.
    await user.click(screen.getByRole('button', { name: 'Show events' }));
    await vi.waitFor(() => expect(calls).toHaveLength(3));

    // An account number narrows to that account.
    await user.click(screen.getAllByRole('button', { name: '#7 – show only this account' })[0]!);
    await vi.waitFor(() =>
      expect(filtersOf(calls.at(-1)?.input)).toEqual({ userId: 7, kind: 'role_change' }),
    );
    expect(screen.getByLabelText<HTMLInputElement>('Account').value).toBe('#7');
  });

  it('loads the next page with the last id as the cursor', async () => {
    const calls = fakeServer({
      'admin.auditLog': (input) =>
        (input as Input).cursor == null
          ? { events: [event(60), event(59)], nextCursor: 59 }
          : { events: [event(12)], nextCursor: null },
    });
    renderWithApp(<AuditLog me={ME} />);
    await screen.findByRole('button', { name: 'Load more' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    await vi.waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4));
    expect((calls.at(-1)?.input as Input).cursor).toBe(59);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('refuses a range that ends before it starts, without reading the log', async () => {
    const calls = fakeServer({ 'admin.auditLog': () => ({ events: [], nextCursor: null }) });
    const user = userEvent.setup();
    renderWithApp(<AuditLog me={ME} />, { lang: 'zh' });
    await screen.findByText('没有匹配的事件。');
    await user.type(screen.getByLabelText('开始时间'), '2026-03-04T10:00');
    await user.type(screen.getByLabelText('结束时间（含该分钟）'), '2026-03-04T09:00');
    await user.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByRole('alert').textContent).toBe('开始时间须早于结束时间。');
    expect(calls).toHaveLength(1);
  });
});
