import { useInfiniteQuery } from '@tanstack/react-query';
import { ListState } from '../../components/Alerts.tsx';
import { EventName, faceKey } from '../../components/EventName.tsx';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { deviceName } from '../sessions/device-name.ts';

const SECURITY_PAGE_SIZE = 20;

/**
 * The signed-in user's own security events, newest first, one keyset page at a time; a
 * section (level 2) of the security center, or a page of its own.
 */
export function SecurityActivity({ level = 1 }: { level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  const { t, lang } = useI18n();
  const list = useInfiniteQuery(
    trpc.security.events.infiniteQueryOptions(
      { limit: SECURITY_PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const events = list.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <section className="card">
      <Heading>{t('security.title')}</Heading>
      <p className="muted">{t('security.intro')}</p>
      <ListState query={list} empty={events.length === 0} emptyText={t('security.empty')} />
      {events.length > 0 ? (
        <ul className="events">
          {events.map((event) => (
            <li key={event.id} className={`outcome-${event.outcome}`}>
              <strong>
                <EventName kind={event.kind} outcome={event.outcome} />
              </strong>
              {event.byAdministrator ? (
                <span className="badge">{t('security.byAdmin')}</span>
              ) : null}
              <dl>
                <dt>{t('security.when')}</dt>
                <dd>
                  <time dateTime={event.at}>{dateTime(event.at, lang)}</time>
                </dd>
                <dt>{t('security.address')}</dt>
                <dd>{event.ip ?? '—'}</dd>
                <dt>{t('security.device')}</dt>
                <dd>{deviceName(event.userAgent, t('sessions.unknownDevice'))}</dd>
                <dt>{t('security.face')}</dt>
                <dd>{t(faceKey(event.face))}</dd>
              </dl>
            </li>
          ))}
        </ul>
      ) : null}
      {list.hasNextPage ? (
        <button
          type="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? t('common.loading') : t('security.more')}
        </button>
      ) : null}
    </section>
  );
}
