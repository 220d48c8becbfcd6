import type { SecurityNotice } from '@acct/schema';
import { useId } from 'react';
import { Link } from 'wouter';
import { faceKey } from '../../components/EventName.tsx';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSignInNotices } from './sign-in-notices.ts';

/**
 * What changed on the account since its previous sign-in, and from where (ASVS 2.2.3, 2.5.5:
 * with no mail channel, the next sign-in is where the owner learns of a change they did not make).
 */
function NoticeBanner({
  notices,
  onDismiss,
}: {
  notices: SecurityNotice[];
  onDismiss: () => void;
}) {
  const { t, lang } = useI18n();
  const headingId = useId();
  if (notices.length === 0) return null;
  return (
    <section className="banner" role="alert" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('notices.title')}</h2>
      <ul>
        {notices.map((notice) => (
          <li key={`${notice.kind}-${notice.at}`}>
            {t(`notices.${notice.kind}`, {
              when: dateTime(notice.at, lang),
              ip: notice.ip ?? t('notices.unknownAddress'),
              face: t(faceKey(notice.face)),
            })}
          </li>
        ))}
      </ul>
      <p>{t('notices.notYou')}</p>
      <p className="banner-links">
        <Link href="/password">{t('notices.changePassword')}</Link>
        <Link href="/sessions">{t('notices.reviewSessions')}</Link>
        <Link href="/security">{t('notices.activity')}</Link>
      </p>
      <button type="button" onClick={onDismiss}>
        {t('notices.dismiss')}
      </button>
    </section>
  );
}

/** The banner for the notices the last sign-in returned, on every page until dismissed or signed out. */
export function SignInNotices() {
  const { notices, dismiss } = useSignInNotices();
  return <NoticeBanner notices={notices} onDismiss={dismiss} />;
}
