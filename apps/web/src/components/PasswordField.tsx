import { newPasswordProblem } from '@acct/schema';
import { type InputHTMLAttributes, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Field } from './Field.tsx';
import { passwordStrength } from './password-strength.ts';

interface PasswordFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> {
  label: string;
  autoComplete: 'current-password' | 'new-password';
  error?: string | null;
  /** For a new password: show the rules, live problems and a strength meter. */
  rulesFor?: { username: string };
}

/** A password input with a show/hide toggle; paste and password managers work as usual. */
export function PasswordField({ label, error, rulesFor, value, ...input }: PasswordFieldProps) {
  const { t } = useI18n();
  const [visible, setVisible] = useState(false);
  const text = String(value ?? '');
  const problem = rulesFor && text ? newPasswordProblem(text, rulesFor.username) : null;
  const strength = rulesFor && text ? passwordStrength(text) : null;
  const hint = rulesFor ? (
    <>
      <span>{t('password.rules')}</span>
      {strength ? (
        <span className={`strength strength-${strength}`} aria-live="polite">
          <meter
            min={0}
            max={4}
            value={['weak', 'fair', 'good', 'strong'].indexOf(strength) + 1}
            aria-hidden="true"
          />{' '}
          {t('password.strength', { level: t(`password.${strength}`) })}
        </span>
      ) : null}
    </>
  ) : undefined;
  return (
    <Field
      label={label}
      type={visible ? 'text' : 'password'}
      value={value}
      hint={hint}
      error={
        error ??
        (problem ? t(problem === 'length' ? 'password.length' : 'password.username') : null)
      }
      spellCheck={false}
      autoCapitalize="off"
      {...input}
      after={
        <button
          type="button"
          className="toggle"
          aria-pressed={visible}
          aria-label={visible ? t('common.hidePassword') : t('common.showPassword')}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? t('common.hide') : t('common.show')}
        </button>
      }
    />
  );
}
