import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { type FormEvent, useState } from 'react';
import { Notice } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { PasskeyError } from './passkey-error.tsx';
import { useAddPasskey } from './use-add-passkey.ts';

/** The "Add a passkey" button, and behind it the name and the password again. */
export function AddPasskey() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const add = useAddPasskey();
  if (!browserSupportsWebAuthn()) return <p className="muted">{t('passkeys.unsupported')}</p>;
  if (!open)
    return (
      <>
        {add.isSuccess ? <Notice>{t('passkeys.added', { name: add.data.name })}</Notice> : null}
        <button type="button" onClick={() => setOpen(true)}>
          {t('passkeys.add')}
        </button>
      </>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { password, name: name.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          setName('');
          setPassword('');
        },
      },
    );
  };
  return (
    <form className="confirm" onSubmit={submit} noValidate>
      <Field
        label={t('passkeys.name')}
        hint={t('passkeys.nameHint')}
        name="passkey-name"
        autoComplete="off"
        maxLength={64}
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
      />
      <p>{t('passkeys.confirmAdd')}</p>
      <PasswordField
        label={t('field.password')}
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <PasskeyError error={add.error} />
      <div className="buttons">
        <button
          type="submit"
          className="primary"
          disabled={add.isPending || name.trim() === '' || password === ''}
        >
          {add.isPending ? t('passkeys.waiting') : t('passkeys.create')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
