import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/**
 * The danger zone: erasing the account for good. The password, a code when TOTP guards the
 * account, and an explicit tick, so neither a stolen session nor a slip of the hand can do it.
 */
export function DeleteAccount() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.factors.status.queryOptions());
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [understood, setUnderstood] = useState(false);
  // The form opens on request: the danger zone is not one stray tap from a password prompt.
  const [open, setOpen] = useState(false);
  const needsCode = status.data?.totp.enabled === true;
  const erase = useMutation(
    trpc.account.delete.mutationOptions({
      onSuccess: () => {
        // Nothing of the erased account stays in memory (as at sign-out).
        queryClient.clear();
        navigate('/signin?deleted=1');
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = code.replace(/\s+/g, '');
    erase.mutate({ password, ...(needsCode ? { code: typed } : {}) });
  };
  const ready =
    understood && password !== '' && (!needsCode || code.trim() !== '') && status.isSuccess;
  return (
    <section className="card danger" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('deleteAccount.title')}</h2>
      <p>{t('deleteAccount.intro')}</p>
      {open ? null : (
        <button type="button" onClick={() => setOpen(true)}>
          {t('deleteAccount.open')}
        </button>
      )}
      {open ? (
        <form onSubmit={submit} noValidate>
          <PasswordField
            label={t('field.password')}
            name="deletePassword"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          {needsCode ? (
            <Field
              label={t('totp.proofCode')}
              name="deleteCode"
              autoComplete="one-time-code"
              spellCheck={false}
              autoCapitalize="off"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              maxLength={64}
              required
            />
          ) : null}
          <div className="check">
            <input
              id="delete-understood"
              type="checkbox"
              checked={understood}
              onChange={(e) => setUnderstood(e.target.checked)}
            />
            <label htmlFor="delete-understood">{t('deleteAccount.understand')}</label>
          </div>
          <ErrorAlert error={erase.error} />
          <div className="buttons">
            <button type="submit" className="danger" disabled={!ready || erase.isPending}>
              {erase.isPending ? t('common.loading') : t('deleteAccount.button')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
