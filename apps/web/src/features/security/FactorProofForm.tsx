import { type FormEvent, useState } from 'react';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export interface FactorProof {
  password: string;
  code: string;
}

/**
 * The password and a code of the factor in force (app or recovery code): what turning TOTP off
 * or renewing the recovery codes asks, so a stolen session alone cannot change them.
 */
export function FactorProofForm({
  intro,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  intro: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (proof: FactorProof) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ password, code: code.replace(/\s+/g, '') });
  };
  return (
    <form className="confirm" onSubmit={submit} noValidate>
      <p>{intro}</p>
      <PasswordField
        label={t('field.password')}
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <Field
        label={t('totp.proofCode')}
        name="code"
        autoComplete="one-time-code"
        spellCheck={false}
        autoCapitalize="off"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        maxLength={64}
        required
      />
      <ErrorAlert error={error} />
      <div className="buttons">
        <button
          type="submit"
          className="primary"
          disabled={pending || password === '' || code.trim() === ''}
        >
          {pending ? t('common.loading') : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
