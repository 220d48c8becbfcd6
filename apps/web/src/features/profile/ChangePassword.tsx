import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert, Notice } from '../../components/Alerts.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

export function ChangePassword({ username }: { username: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setOldPassword('');
        setNewPassword('');
        void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.security.events.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ oldPassword, newPassword });
  };
  return (
    <section className="card narrow">
      <h1>{t('password.title')}</h1>
      <form onSubmit={submit} noValidate>
        <PasswordField
          label={t('field.currentPassword')}
          name="oldPassword"
          autoComplete="current-password"
          value={oldPassword}
          onChange={(e) => setOldPassword(e.target.value)}
          required
        />
        <PasswordField
          label={t('field.newPassword')}
          name="newPassword"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          rulesFor={{ username }}
          required
        />
        {change.isSuccess ? <Notice>{t('password.done')}</Notice> : null}
        <ErrorAlert error={change.error} />
        <button type="submit" className="primary" disabled={change.isPending}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}
