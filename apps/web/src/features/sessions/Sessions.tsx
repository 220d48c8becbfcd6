import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../../components/Alerts.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/** A short, readable device name from a User-Agent string. */
export function deviceName(userAgent: string | null, unknown: string): string {
  if (!userAgent) return unknown;
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Chrome\//.test(userAgent) ? 'Chrome' : /Firefox\//.test(userAgent) ? 'Firefox' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const os = /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Windows/.test(userAgent) ? 'Windows' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  return browser && os ? `${browser} · ${os}` : userAgent.slice(0, 60);
}

export function Sessions() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.sessions.list.queryOptions());
  const [password, setPassword] = useState('');
  const signOutOthers = useMutation(
    trpc.sessions.signOutOthers.mutationOptions({
      onSuccess: () => {
        setPassword('');
        void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
      },
    }),
  );
  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');

  if (sessions.isPending) return <Loading />;
  if (sessions.isError) return <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signOutOthers.mutate({ password });
  };
  return (
    <section className="card">
      <h1>{t('sessions.title')}</h1>
      <ul className="sessions">
        {sessions.data.map((s) => (
          <li key={s.id} className={s.current ? 'current' : undefined}>
            <strong>{deviceName(s.userAgent, t('sessions.unknownDevice'))}</strong>
            {s.current ? <span className="badge">{t('sessions.current')}</span> : null}
            <dl>
              <dt>{t('sessions.address')}</dt>
              <dd>{s.ip ?? '—'}</dd>
              <dt>{t('sessions.started')}</dt>
              <dd>{when(s.createdAt)}</dd>
              <dt>{t('sessions.lastSeen')}</dt>
              <dd>{when(s.lastSeenAt)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      {signOutOthers.isSuccess ? <Notice>{t('sessions.ended', { n: signOutOthers.data.ended })}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <p>{t('sessions.confirm')}</p>
        <PasswordField label={t('field.password')} name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <ErrorAlert error={signOutOthers.error} />
        <button type="submit" disabled={signOutOthers.isPending || password === ''}>
          {t('sessions.signOutOthers')}
        </button>
      </form>
    </section>
  );
}
