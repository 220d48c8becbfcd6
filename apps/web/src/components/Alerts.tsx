import { errorKind } from '@acct/client';
import { useI18n } from '../i18n/i18n.tsx';

/** A failure, announced to screen readers; the message comes from the shared error table. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, errorText } = useI18n();
  if (!error) return null;
  const kind = errorKind(error);
  return (
    <div className="alert alert-error" role="alert">
      <span>{kind ? errorText(kind) : t('common.error')}</span>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A success, announced politely. */
export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <div className="alert alert-ok" role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-busy="true">
      {t('common.loading')}
    </p>
  );
}
