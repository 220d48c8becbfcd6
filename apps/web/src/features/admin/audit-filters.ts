import type { AuditKind, AuditQueryInput } from '@acct/schema';

/** The filter form as typed: `from` and `to` are `datetime-local` values (the reader's local time, to the minute). */
export interface AuditFilterForm {
  account: string;
  kind: AuditKind | '';
  from: string;
  to: string;
}

export const noFilters: AuditFilterForm = { account: '', kind: '', from: '', to: '' };

export type AuditFilters = Pick<AuditQueryInput, 'userId' | 'username' | 'kind' | 'from' | 'to'>;

const MINUTE_MS = 60_000;

/** A `datetime-local` value has no offset, so Date reads it as local time; empty or invalid is no bound. */
const localMs = (value: string): number | null => {
  if (value === '') return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
};

/**
 * The auditLog input for a filled-in form, or the reason it has none. "#12" is an account by
 * number, anything else a username (the server also finds the failed attempts made with a name
 * no account has). The log's `to` is exclusive and the field stops at minutes, so "to 10:05"
 * is sent as 10:06:00: the range includes the whole minute the reader chose.
 */
export function toAuditFilters(
  form: AuditFilterForm,
): { filters: AuditFilters } | { problem: 'range' } {
  const account = form.account.trim();
  const number = /^#([1-9]\d{0,14})$/.exec(account)?.[1];
  const from = localMs(form.from);
  const toMinute = localMs(form.to);
  const to = toMinute === null ? null : toMinute + MINUTE_MS;
  if (from !== null && to !== null && from >= to) return { problem: 'range' };
  // Built in one fixed order, so two equal filters are equal as JSON too (see sameFilters).
  const filters: AuditFilters = {};
  if (number !== undefined) filters.userId = Number(number);
  else if (account !== '') filters.username = account;
  if (form.kind !== '') filters.kind = form.kind;
  if (from !== null) filters.from = new Date(from).toISOString();
  if (to !== null) filters.to = new Date(to).toISOString();
  return { filters };
}

export const sameFilters = (a: AuditFilters, b: AuditFilters) =>
  JSON.stringify(a) === JSON.stringify(b);
