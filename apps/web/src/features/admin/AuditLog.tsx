import {
  AUDIT_KINDS,
  type AuditDetail,
  type AuditEvent,
  type AuditKind,
  type SessionUser,
} from '@acct/schema';
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ListState } from '../../components/Alerts.tsx';
import { EventName, eventKey, faceKey } from '../../components/EventName.tsx';
import { Field } from '../../components/Field.tsx';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { deviceName } from '../sessions/device-name.ts';
import {
  type AuditFilterForm,
  type AuditFilters,
  noFilters,
  sameFilters,
  toAuditFilters,
} from './audit-filters.ts';

const AUDIT_PAGE_SIZE = 50;

function Detail({ detail }: { detail: AuditDetail | null }) {
  const entries = Object.entries(detail ?? {});
  if (entries.length === 0) return <>—</>;
  return (
    <ul className="detail">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="muted">{key}:</span>{' '}
          {value === null ? '—' : value === '' ? '""' : String(value)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The audit log, newest first, filtered by account, kind and time; one keyset page at a time.
 * Every read is itself audited on the server, so it is read only when asked: no polling, and
 * the filters apply on submit rather than as they are typed.
 */
export function AuditLog({ me }: { me: SessionUser }) {
  const { t, lang } = useI18n();
  const kindId = useId();
  const [form, setForm] = useState<AuditFilterForm>(noFilters);
  const [applied, setApplied] = useState<AuditFilters>({});
  const [badRange, setBadRange] = useState(false);
  const list = useInfiniteQuery(
    trpc.admin.auditLog.infiniteQueryOptions(
      { ...applied, limit: AUDIT_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  const apply = (next: AuditFilterForm) => {
    setForm(next);
    const result = toAuditFilters(next);
    setBadRange('problem' in result);
    if ('problem' in result) return;
    // The same filters again: read the log again (the query key would not change).
    if (sameFilters(result.filters, applied)) void list.refetch();
    else setApplied(result.filters);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(form);
  };
  const set = (name: keyof AuditFilterForm) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: event.target.value }));

  // Events carry account numbers only. Names are known for the caller and, when the log is
  // filtered by a username, for that account (every event with an account then belongs to it).
  const nameOf = (event: AuditEvent) =>
    event.userId === null
      ? null
      : event.userId === me.id
        ? me.username
        : (applied.username ?? null);
  const actorName = (event: AuditEvent) =>
    event.actorId === me.id
      ? `${me.username} (${t('audit.you')})`
      : event.actorId === event.userId
        ? nameOf(event)
        : null;

  const events = list.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <section className="card wide">
      <h1>{t('audit.title')}</h1>
      <form
        className="filters"
        role="search"
        aria-label={t('audit.filters')}
        onSubmit={submit}
        noValidate
      >
        <Field
          label={t('audit.account')}
          name="account"
          value={form.account}
          onChange={set('account')}
          hint={t('audit.accountHint')}
          autoComplete="off"
          maxLength={64}
        />
        <div className="field">
          <label htmlFor={kindId}>{t('audit.kind')}</label>
          <select
            id={kindId}
            name="kind"
            value={form.kind}
            onChange={(e) => setForm((f) => ({ ...f, kind: e.target.value as AuditKind | '' }))}
          >
            <option value="">{t('audit.allKinds')}</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(eventKey(kind))}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('audit.from')}
          name="from"
          type="datetime-local"
          value={form.from}
          onChange={set('from')}
        />
        <Field
          label={t('audit.to')}
          name="to"
          type="datetime-local"
          value={form.to}
          onChange={set('to')}
          error={badRange ? t('audit.badRange') : null}
        />
        <div className="buttons">
          <button type="submit" className="primary">
            {t('audit.apply')}
          </button>
          <button type="button" onClick={() => apply(noFilters)}>
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <p className="muted">{t('audit.readIsAudited')}</p>
      <ListState query={list} empty={events.length === 0} emptyText={t('audit.empty')} />
      {events.length > 0 ? (
        <table className="log">
          <thead>
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.event')}</th>
              <th scope="col">{t('audit.account')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.address')}</th>
              <th scope="col">{t('audit.face')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => {
              const name = nameOf(event);
              const actor = actorName(event);
              return (
                <tr key={event.id}>
                  <th scope="row" data-label={t('audit.time')}>
                    <time dateTime={event.at}>{dateTime(event.at, lang)}</time>
                  </th>
                  <td data-label={t('audit.event')}>
                    <EventName kind={event.kind} outcome={event.outcome} />
                  </td>
                  <td data-label={t('audit.account')}>
                    {event.userId !== null ? (
                      <>
                        {name ? `${name} ` : null}
                        <button
                          type="button"
                          className="linklike"
                          aria-label={`#${event.userId} – ${t('audit.onlyThis')}`}
                          onClick={() => apply({ ...form, account: `#${event.userId}` })}
                        >
                          #{event.userId}
                        </button>
                      </>
                    ) : event.subject !== null ? (
                      <>
                        “{event.subject}” <span className="muted">({t('audit.noAccount')})</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('audit.actor')}>
                    {event.actorId === null ? '—' : (actor ?? `#${event.actorId}`)}
                  </td>
                  <td data-label={t('audit.address')}>
                    {event.ip ?? '—'}
                    {event.userAgent ? (
                      <span className="muted small"> · {deviceName(event.userAgent, '')}</span>
                    ) : null}
                  </td>
                  <td data-label={t('audit.face')}>{t(faceKey(event.face))}</td>
                  <td data-label={t('audit.detail')}>
                    <Detail detail={event.detail} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {list.hasNextPage ? (
        <button
          type="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? t('common.loading') : t('admin.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
