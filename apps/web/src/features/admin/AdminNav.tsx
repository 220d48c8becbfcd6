import { Link, useLocation } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';

/** The admin console's two screens. */
export function AdminNav() {
  const { t } = useI18n();
  const [location] = useLocation();
  const current = (path: string) => (location === path ? 'page' : undefined);
  return (
    <nav className="subnav" aria-label={t('admin.console')}>
      <Link href="/admin" aria-current={current('/admin')}>
        {t('admin.title')}
      </Link>
      <Link href="/admin/audit" aria-current={current('/admin/audit')}>
        {t('audit.title')}
      </Link>
    </nav>
  );
}
