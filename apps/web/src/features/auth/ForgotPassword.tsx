import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { ErrorAlert, Notice } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { client } from '../../trpc.ts';

type Step =
  | { at: 'username' }
  | { at: 'answer'; question: string }
  | { at: 'reset'; token: string }
  | { at: 'done' };

/** username → question → answer → new password. The reset token stays in memory, never in a URL. */
export function ForgotPassword() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ at: 'username' });
  const [username, setUsername] = useState('');
  const [answer, setAnswer] = useState('');
  const [password, setPassword] = useState('');
  const question = useMutation({
    mutationFn: () => client.recovery.getQuestion.query({ username: username.trim() }),
    onSuccess: ({ question }) => setStep({ at: 'answer', question }),
  });
  const check = useMutation({
    mutationFn: () => client.recovery.checkAnswer.mutate({ username: username.trim(), answer }),
    onSuccess: ({ token }) => setStep({ at: 'reset', token }),
  });
  const reset = useMutation({
    mutationFn: (token: string) =>
      client.recovery.resetPassword.mutate({
        username: username.trim(),
        token,
        newPassword: password,
      }),
    onSuccess: () => setStep({ at: 'done' }),
  });
  const on = (action: () => void) => (event: FormEvent) => {
    event.preventDefault();
    action();
  };

  return (
    <section className="card narrow">
      <h1>{t('forgot.title')}</h1>
      {step.at === 'username' ? (
        <form onSubmit={on(() => question.mutate())} noValidate>
          <p>{t('forgot.step1')}</p>
          <Field
            label={t('field.username')}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
          <ErrorAlert error={question.error} />
          <button type="submit" className="primary" disabled={question.isPending}>
            {t('forgot.continue')}
          </button>
        </form>
      ) : null}
      {step.at === 'answer' ? (
        <form onSubmit={on(() => check.mutate())} noValidate>
          <p className="question">
            {t('field.question')}: <strong>{step.question}</strong>
          </p>
          <Field
            label={t('field.answer')}
            name="answer"
            autoComplete="off"
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            required
          />
          <ErrorAlert error={check.error} />
          <button type="submit" className="primary" disabled={check.isPending}>
            {t('forgot.check')}
          </button>
        </form>
      ) : null}
      {step.at === 'reset' ? (
        <form onSubmit={on(() => reset.mutate(step.token))} noValidate>
          <Notice>{t('forgot.step3')}</Notice>
          <PasswordField
            label={t('field.newPassword')}
            name="newPassword"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            rulesFor={{ username }}
            required
          />
          <ErrorAlert error={reset.error} />
          <button type="submit" className="primary" disabled={reset.isPending}>
            {t('forgot.reset')}
          </button>
        </form>
      ) : null}
      {step.at === 'done' ? (
        <>
          <Notice>{t('forgot.done')}</Notice>
          <p>
            <Link href="/signin">{t('nav.signIn')}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
