import { TRPCClientError, errorKind } from '@acct/client';
import type { ErrorKind } from '@acct/schema';
import { useCallback } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';

/**
 * The refusals that say when to come back (a throttle, a busy password hasher), each with the
 * sentence that frames the wait; any other kind shows the error table's message alone.
 */
const WAIT_SENTENCES: Partial<Record<ErrorKind, MessageKey>> = {
  RATE_LIMITED: 'error.tooManyAttempts',
  OVERLOADED: 'error.busyRetryIn',
};

/** The server's wait in whole seconds (its `Retry-After`), if it sent one. */
function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const seconds: unknown = (error.data as { retryAfterSeconds?: unknown } | undefined)
    ?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? Math.ceil(seconds)
    : null;
}

/**
 * The words for any failure: the SPA's text for its kind, or, for a refusal that says how long to
 * wait, that wait (rounded up, so "try again in 1 minute" is never early).
 */
export function useErrorMessage(): (error: unknown) => string {
  const { t, errorText } = useI18n();
  return useCallback(
    (error: unknown) => {
      const kind = errorKind(error);
      if (!kind) return t('common.error');
      const sentence = WAIT_SENTENCES[kind];
      const seconds = sentence ? retryAfterSeconds(error) : null;
      if (!sentence || seconds === null) return errorText(kind);
      const minutes = Math.ceil(seconds / 60);
      const wait =
        seconds < 60
          ? t(seconds === 1 ? 'wait.second' : 'wait.seconds', { n: seconds })
          : seconds < 2 * 3600
            ? t(minutes === 1 ? 'wait.minute' : 'wait.minutes', { n: minutes })
            : t('wait.hours', { n: Math.ceil(seconds / 3600) });
      return t(sentence, { wait });
    },
    [t, errorText],
  );
}

/** A failure, announced to screen readers, in the SPA's words for its kind. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <span>{message(error)}</span>
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

/** A list query's state before its rows: loading, a failure with retry, or nothing to show. */
export function ListState({
  query,
  empty,
  emptyText,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    isSuccess: boolean;
    error: unknown;
    refetch: () => Promise<unknown>;
  };
  empty: boolean;
  emptyText: string;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return query.isSuccess && empty ? <p className="muted">{emptyText}</p> : null;
}
