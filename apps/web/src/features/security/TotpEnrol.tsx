import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/** The key in groups of four, as authenticator apps print it: easier to type, same key. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The QR code as an image from a data URL: the server's SVG is never put into the DOM as
 * markup, so nothing in it can run or style the page.
 */
const qrSource = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/**
 * Setting up an authenticator app: the password, then the key (QR code and text), then a first
 * code from the app, which turns TOTP on and brings the recovery codes.
 */
export function TotpEnrol({
  onEnabled,
  onCancel,
}: {
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const begin = useMutation(
    trpc.factors.totpBegin.mutationOptions({ onSuccess: () => setPassword('') }),
  );
  const confirm = useMutation(
    trpc.factors.totpConfirm.mutationOptions({
      onSuccess: ({ recoveryCodes }) => onEnabled(recoveryCodes),
      onError: () => setCode(''),
    }),
  );
  const cancel = (
    <button type="button" onClick={onCancel}>
      {t('common.cancel')}
    </button>
  );

  if (!begin.data) {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      begin.mutate({ password });
    };
    return (
      <form className="confirm" onSubmit={submit} noValidate>
        <p>{t('totp.passwordFirst')}</p>
        <PasswordField
          label={t('field.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
          required
        />
        <ErrorAlert error={begin.error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={begin.isPending || password === ''}>
            {begin.isPending ? t('common.loading') : t('totp.continue')}
          </button>
          {cancel}
        </div>
      </form>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate({ code: code.replace(/\s+/g, '') });
  };
  return (
    <form className="confirm" onSubmit={submit} noValidate>
      <p>{t('totp.scan')}</p>
      <img className="qr" src={qrSource(begin.data.qrSvg)} alt={t('totp.qrAlt')} />
      <p>
        {t('totp.key')}:{' '}
        <code className="totp-key" data-testid="totp-key">
          {grouped(begin.data.secret)}
        </code>
      </p>
      <Field
        label={t('totp.firstCode')}
        hint={t('totp.firstCodeHint')}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        maxLength={7}
        autoFocus
        required
      />
      <ErrorAlert error={confirm.error} />
      <div className="buttons">
        <button
          type="submit"
          className="primary"
          disabled={confirm.isPending || code.trim() === ''}
        >
          {confirm.isPending ? t('common.loading') : t('totp.turnOn')}
        </button>
        {cancel}
      </div>
    </form>
  );
}
