import type { PasskeyInfo } from '@acct/schema';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/** One passkey: what it is, when it was added and last used; rename it, or remove it with the password. */
export function PasskeyItem({ passkey }: { passkey: PasskeyInfo }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'rename' | 'remove'>('view');
  const [name, setName] = useState(passkey.name);
  const [password, setPassword] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.factors.status.queryKey() });
  const rename = useMutation(
    trpc.passkeys.rename.mutationOptions({
      onSuccess: async () => {
        setMode('view');
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.passkeys.remove.mutationOptions({ onSuccess: refresh }));

  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate({ id: passkey.id, name: name.trim() });
  };
  const submitRemove = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate({ id: passkey.id, password });
  };
  return (
    <li>
      <strong>{passkey.name}</strong>
      {passkey.synced ? <span className="badge">{t('passkeys.synced')}</span> : null}
      <dl>
        <dt>{t('passkeys.created')}</dt>
        <dd>{dateTime(passkey.createdAt, lang)}</dd>
        <dt>{t('passkeys.lastUsed')}</dt>
        <dd>{passkey.lastUsedAt ? dateTime(passkey.lastUsedAt, lang) : t('passkeys.never')}</dd>
      </dl>
      {mode === 'view' ? (
        <div className="buttons">
          <button type="button" onClick={() => setMode('rename')}>
            {t('passkeys.rename')}
          </button>
          <button type="button" onClick={() => setMode('remove')}>
            {t('passkeys.remove')}
          </button>
        </div>
      ) : null}
      {mode === 'rename' ? (
        <form className="confirm" onSubmit={submitRename} noValidate>
          <Field
            label={t('passkeys.name')}
            name="passkey-name"
            autoComplete="off"
            maxLength={64}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
          <ErrorAlert error={rename.error} />
          <div className="buttons">
            <button type="submit" disabled={rename.isPending || name.trim() === ''}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'remove' ? (
        <form className="confirm" onSubmit={submitRemove} noValidate>
          <p>{t('passkeys.confirmRemove', { name: passkey.name })}</p>
          <PasswordField
            label={t('field.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <ErrorAlert error={remove.error} />
          <div className="buttons">
            <button type="submit" disabled={remove.isPending || password === ''}>
              {t('passkeys.removeConfirm')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
