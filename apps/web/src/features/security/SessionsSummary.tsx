import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/** How many devices are signed in, and the way to the sessions screen. */
export function SessionsSummary() {
  const { t } = useI18n();
  const sessions = useQuery(trpc.sessions.list.queryOptions());
  return (
    <section className="card" aria-labelledby="sessions-summary-title">
      <h2 id="sessions-summary-title">{t('center.sessionsTitle')}</h2>
      <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      {sessions.data ? <p>{t('center.sessionsCount', { n: sessions.data.length })}</p> : null}
      <Link href="/sessions">{t('center.sessionsLink')}</Link>
    </section>
  );
}
