import { newPasswordProblem } from '@acct/schema';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorAlert, useErrorMessage } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { useAvailability } from './use-availability.ts';

const empty = { username: '', password: '', email: '', phone: '', question: '', answer: '' };

export function Register() {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const [, navigate] = useLocation();
  const [form, setForm] = useState(empty);
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState(false);
  const set = (name: keyof typeof empty) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [name]: event.target.value }));
  const usernameCheck = useAvailability('username', form.username);
  const emailCheck = useAvailability('email', form.email);
  const register = useMutation(
    trpc.account.register.mutationOptions({ onSuccess: () => navigate('/signin?registered=1') }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!consent) {
      setConsentError(true);
      return;
    }
    if (newPasswordProblem(form.password, form.username)) return;
    register.mutate({
      ...form,
      username: form.username.trim(),
      email: form.email.trim(),
      phone: form.phone.trim() || undefined,
    });
  };

  const availability = (
    check: ReturnType<typeof useAvailability>,
    free: 'register.usernameFree' | 'register.emailFree',
    taken: 'register.usernameTaken' | 'register.emailTaken',
  ) =>
    !check.wellFormed
      ? null
      : check.checking
        ? t('register.checking')
        : check.error
          ? errorMessage(check.error)
          : check.available === true
            ? t(free)
            : check.available === false
              ? t(taken)
              : null;

  return (
    <section className="card narrow">
      <h1>{t('register.title')}</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label={t('field.username')}
          name="username"
          autoComplete="username"
          value={form.username}
          onChange={set('username')}
          required
          hint={
            <>
              <span>{t('hint.username')}</span>{' '}
              <span aria-live="polite">
                {availability(usernameCheck, 'register.usernameFree', 'register.usernameTaken')}
              </span>
            </>
          }
        />
        <PasswordField
          label={t('field.password')}
          name="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          rulesFor={{ username: form.username }}
          required
        />
        <Field
          label={t('field.email')}
          name="email"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set('email')}
          required
          hint={
            <span aria-live="polite">
              {availability(emailCheck, 'register.emailFree', 'register.emailTaken')}
            </span>
          }
        />
        <Field
          label={`${t('field.phone')} ${t('field.optional')}`}
          name="phone"
          type="tel"
          autoComplete="tel"
          value={form.phone}
          onChange={set('phone')}
        />
        <Field
          label={t('field.question')}
          name="question"
          value={form.question}
          onChange={set('question')}
          required
        />
        <Field
          label={t('field.answer')}
          name="answer"
          autoComplete="off"
          value={form.answer}
          onChange={set('answer')}
          required
        />
        <p className="privacy" id="privacy-notice">
          {t('register.privacy')}
        </p>
        <div className="check">
          <input
            id="consent"
            type="checkbox"
            checked={consent}
            aria-describedby="privacy-notice"
            aria-invalid={consentError || undefined}
            onChange={(e) => {
              setConsent(e.target.checked);
              setConsentError(false);
            }}
          />
          <label htmlFor="consent">{t('register.consent')}</label>
        </div>
        {consentError ? (
          <div className="field-error" role="alert">
            {t('register.consentRequired')}
          </div>
        ) : null}
        <ErrorAlert error={register.error} />
        <button type="submit" className="primary" disabled={register.isPending}>
          {register.isPending ? t('common.saving') : t('register.submit')}
        </button>
      </form>
      <p className="links">
        <Link href="/signin">{t('nav.signIn')}</Link>
      </p>
    </section>
  );
}
