import type { AdminUserRow } from '@acct/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../../components/Alerts.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/**
 * One user's second factors as an administrator sees them (whether, how many; never a key),
 * and the reset for someone who lost their phone or passkeys, behind the admin's password.
 */
export function UserFactors({ user, onClose }: { user: AdminUserRow; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // Each read is audited (admin_view): fetched for the chosen user only, and not refetched by itself.
  const summary = useQuery(
    trpc.admin.factors.queryOptions({ userId: user.id }, { staleTime: Number.POSITIVE_INFINITY }),
  );
  const heading = useRef<HTMLHeadingElement>(null);
  // The panel opens above the table: focus moves to it, so a phone scrolls there and a screen reader says it.
  useEffect(() => heading.current?.focus(), []);
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const reset = useMutation(
    trpc.admin.resetFactors.mutationOptions({
      onSuccess: () => {
        setAsking(false);
        setPassword('');
        // A reset removes every factor: known without another (audited) read.
        queryClient.setQueryData(trpc.admin.factors.queryKey({ userId: user.id }), {
          totp: false,
          passkeys: 0,
        });
      },
    }),
  );
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ userId: user.id, password });
  };
  const hasAny = summary.data ? summary.data.totp || summary.data.passkeys > 0 : false;
  return (
    <section className="factors-panel" aria-labelledby="user-factors-title">
      <h2 id="user-factors-title" ref={heading} tabIndex={-1}>
        {t('admin.factorsOf', { user: user.username })}
      </h2>
      {summary.isPending ? <Loading /> : null}
      <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />
      {summary.data ? (
        <ul>
          <li>{t(summary.data.totp ? 'admin.totpOn' : 'admin.totpOff')}</li>
          <li>{t('admin.passkeyCount', { n: summary.data.passkeys })}</li>
        </ul>
      ) : null}
      {reset.isSuccess ? (
        <Notice>{t('admin.resetDone', { user: user.username, n: reset.data.passkeys })}</Notice>
      ) : null}
      {asking ? (
        <form className="confirm" onSubmit={confirm} noValidate>
          <p>{t('admin.resetIntro', { user: user.username })}</p>
          <PasswordField
            label={t('field.password')}
            name="resetPassword"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
            required
          />
          <ErrorAlert error={reset.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={reset.isPending || password === ''}>
              {t('admin.resetFactors')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="buttons">
          <button
            type="button"
            disabled={!hasAny}
            onClick={() => {
              reset.reset();
              setAsking(true);
            }}
          >
            {t('admin.resetFactors')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      )}
    </section>
  );
}
