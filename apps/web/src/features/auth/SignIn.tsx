import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { ErrorAlert, Notice } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { safeNext } from '../../safe-next.ts';
import { trpc } from '../../trpc.ts';
import { keepSignInNotices } from '../security/sign-in-notices.ts';

/** Sign in, as a user (`/signin`) or as an administrator (`/admin/signin`, ROLE_ADMIN only). */
export function SignIn({ admin = false }: { admin?: boolean }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const procedure = admin ? trpc.auth.adminLogin : trpc.auth.login;
  const login = useMutation(
    procedure.mutationOptions({
      onSuccess: async ({ notices }) => {
        await queryClient.invalidateQueries();
        // Set after the invalidation, and kept across the navigation below (see sign-in-notices.ts).
        keepSignInNotices(queryClient, notices);
        navigate(safeNext(params.get('next'), admin ? '/admin' : '/profile'));
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username: username.trim(), password });
  };
  return (
    <section className="card narrow">
      <h1>{t(admin ? 'admin.signinTitle' : 'signin.title')}</h1>
      {params.get('registered') ? <Notice>{t('register.done')}</Notice> : null}
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
        <ErrorAlert error={login.error} />
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? t('common.loading') : t('signin.submit')}
        </button>
      </form>
      {admin ? null : (
        <p className="links">
          <Link href="/register">{t('signin.noAccount')}</Link>
          <Link href="/forgot">{t('signin.forgot')}</Link>
        </p>
      )}
    </section>
  );
}
