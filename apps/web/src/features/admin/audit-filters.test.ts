import { describe, expect, it } from 'vitest';
import { noFilters, sameFilters, toAuditFilters } from './audit-filters.ts';

const iso = (local: string) => new Date(local).toISOString();

describe('toAuditFilters', () => {
  it('sends nothing for an empty form', () => {
    expect(toAuditFilters(noFilters)).toEqual({ filters: {} });
  });

  it('reads "#12" as an account number and anything else as a username', () => {
    expect(toAuditFilters({ ...noFilters, account: ' #12 ' })).toEqual({ filters: { userId: 12 } });
    expect(toAuditFilters({ ...noFilters, account: ' Role_Target ' })).toEqual({
      filters: { username: 'Role_Target' },
    });
    // Not an account number: looked up as a name (the server then finds the attempts made with it).
    expect(toAuditFilters({ ...noFilters, account: '#0' })).toEqual({
      filters: { username: '#0' },
    });
    expect(toAuditFilters({ ...noFilters, account: '#1a' })).toEqual({
      filters: { username: '#1a' },
    });
  });

  it('sends local times as instants, the end after its whole minute (the log’s `to` is exclusive)', () => {
    const { filters } = toAuditFilters({
      account: '',
      kind: 'login',
      from: '2026-03-04T09:00',
      to: '2026-03-04T09:30',
    }) as { filters: object };
    expect(filters).toEqual({
      kind: 'login',
      from: iso('2026-03-04T09:00'),
      to: iso('2026-03-04T09:31'),
    });
    // One minute, from and to the same.
    expect(
      toAuditFilters({ ...noFilters, from: '2026-03-04T09:00', to: '2026-03-04T09:00' }),
    ).toEqual({ filters: { from: iso('2026-03-04T09:00'), to: iso('2026-03-04T09:01') } });
  });

  it('refuses a range that ends before it starts', () => {
    expect(
      toAuditFilters({ ...noFilters, from: '2026-03-04T09:01', to: '2026-03-04T09:00' }),
    ).toEqual({ problem: 'range' });
  });

  it('compares filters by value', () => {
    const a = toAuditFilters({ ...noFilters, account: 'x', kind: 'logout' });
    const b = toAuditFilters({ ...noFilters, kind: 'logout', account: 'x' });
    expect('filters' in a && 'filters' in b && sameFilters(a.filters, b.filters)).toBe(true);
  });
});
