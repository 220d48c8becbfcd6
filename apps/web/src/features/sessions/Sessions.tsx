import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../../components/Alerts.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { deviceName } from './device-name.ts';

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
  const when = (iso: string) => dateTime(iso, lang);

  if (sessions.isPending) return <Loading />;
  if (sessions.isError)
    return <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />;

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
      {signOutOthers.isSuccess ? (
        <Notice>{t('sessions.ended', { n: signOutOthers.data.ended })}</Notice>
      ) : null}
      <form onSubmit={submit} noValidate>
        <p>{t('sessions.confirm')}</p>
        <PasswordField
          label={t('field.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <ErrorAlert error={signOutOthers.error} />
        <button type="submit" disabled={signOutOthers.isPending || password === ''}>
          {t('sessions.signOutOthers')}
        </button>
      </form>
    </section>
  );
}
