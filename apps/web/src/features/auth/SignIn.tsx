import type { SecondFactorMethod } from '@acct/schema';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { ErrorAlert, Notice } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { PasskeySignIn } from '../passkeys/PasskeySignIn.tsx';
import { SecondFactorStep } from './SecondFactorStep.tsx';
import { useFinishSignIn } from './use-finish-sign-in.ts';

type Step = { challenge: string; methods: SecondFactorMethod[] };

/**
 * Sign in, as a user (`/signin`) or as an administrator (`/admin/signin`, ROLE_ADMIN only): the
 * password, then, for an account with a second factor, its code (SecondFactorStep).
 */
export function SignIn({ admin = false }: { admin?: boolean }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const finish = useFinishSignIn(admin);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step | null>(null);
  /** Why the user is back at the password step (the second step expired), if they are. */
  const [restartError, setRestartError] = useState<unknown>(null);
  const procedure = admin ? trpc.auth.adminSignIn : trpc.auth.signIn;
  const signIn = useMutation(
    procedure.mutationOptions({
      onSuccess: async (answer) => {
        if (answer.step === 'signed_in') return finish(answer);
        // The password is not kept once it has done its job.
        setPassword('');
        setStep({ challenge: answer.challenge, methods: answer.methods });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRestartError(null);
    signIn.mutate({ username: username.trim(), password });
  };
  const restart = (error: unknown) => {
    signIn.reset();
    setStep(null);
    setRestartError(error);
  };
  return (
    <section className="card narrow">
      <h1>{t(admin ? 'admin.signinTitle' : 'signin.title')}</h1>
      {params.get('registered') ? <Notice>{t('register.done')}</Notice> : null}
      {params.get('deleted') ? <Notice>{t('deleteAccount.done')}</Notice> : null}
      {step ? (
        <SecondFactorStep
          challenge={step.challenge}
          methods={step.methods}
          admin={admin}
          onRestart={restart}
        />
      ) : (
        <>
          <form onSubmit={submit} noValidate>
            <Field
              label={t('field.username')}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
            <PasswordField
              label={t('field.password')}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
            <ErrorAlert error={signIn.error ?? restartError} />
            <button type="submit" className="primary" disabled={signIn.isPending}>
              {signIn.isPending ? t('common.loading') : t('signin.submit')}
            </button>
          </form>
          {/* A passkey alone is a customer's sign-in; the console asks for the password first. */}
          {admin ? null : <PasskeySignIn />}
          {admin ? null : (
            <p className="links">
              <Link href="/register">{t('signin.noAccount')}</Link>
              <Link href="/forgot">{t('signin.forgot')}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
