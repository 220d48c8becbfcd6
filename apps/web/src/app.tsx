import { ROLE_ADMIN, type SessionUser } from '@acct/schema';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { ErrorAlert, Loading } from './components/Alerts.tsx';
import { AdminNav } from './features/admin/AdminNav.tsx';
import { AdminUsers } from './features/admin/AdminUsers.tsx';
import { AuditLog } from './features/admin/AuditLog.tsx';
import { ForgotPassword } from './features/auth/ForgotPassword.tsx';
import { Register } from './features/auth/Register.tsx';
import { SignIn } from './features/auth/SignIn.tsx';
import { useSession } from './features/auth/use-session.ts';
import { ChangePassword } from './features/profile/ChangePassword.tsx';
import { Profile } from './features/profile/Profile.tsx';
import { SecurityCenter } from './features/security/SecurityCenter.tsx';
import { SignInNotices } from './features/security/SignInNotices.tsx';
import { Sessions } from './features/sessions/Sessions.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { trpc } from './trpc.ts';

function Header({ user }: { user: SessionUser | null | undefined }) {
  const { t, lang, setLang } = useI18n();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        // Nothing of the account stays in memory after sign-out (ASVS 8.2.3).
        queryClient.clear();
        navigate('/signin');
      },
    }),
  );
  return (
    <header className="top">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <Link href="/" className="brand">
        {t('app.title')}
      </Link>
      <nav aria-label={t('nav.main')}>
        {user ? (
          <>
            <Link href="/profile">{t('nav.profile')}</Link>
            <Link href="/password">{t('nav.password')}</Link>
            <Link href="/sessions">{t('nav.sessions')}</Link>
            <Link href="/security">{t('nav.security')}</Link>
            {user.role === ROLE_ADMIN ? <Link href="/admin">{t('nav.admin')}</Link> : null}
            <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
              {t('nav.signOut')}
            </button>
          </>
        ) : (
          <>
            <Link href="/signin">{t('nav.signIn')}</Link>
            <Link href="/register">{t('nav.register')}</Link>
          </>
        )}
        <button
          type="button"
          lang={lang === 'en' ? 'zh-CN' : 'en'}
          aria-label={`${t('lang.switch')} – ${t('lang.switchLabel')}`}
          onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}
        >
          {t('lang.switch')}
        </button>
      </nav>
    </header>
  );
}

/** Screens behind a session: signed-out visitors go to sign-in and come back afterwards. */
function Guard({
  user,
  admin = false,
  children,
}: {
  user: SessionUser | null;
  admin?: boolean;
  children: (user: SessionUser) => ReactNode;
}) {
  const { t } = useI18n();
  const [location] = useLocation();
  if (!user)
    return (
      <Redirect
        to={`${admin ? '/admin/signin' : '/signin'}?next=${encodeURIComponent(location)}`}
      />
    );
  if (admin && user.role !== ROLE_ADMIN) {
    return (
      <div className="card narrow">
        <p role="alert">{t('admin.onlyAdmins')}</p>
        <Link href="/admin/signin">{t('admin.signinTitle')}</Link>
      </div>
    );
  }
  return <>{children(user)}</>;
}

export function App() {
  const { t } = useI18n();
  // Re-render on every navigation, so the routes below decide with the session as the cache
  // holds it now (just signed in or out), not as it was at this component's last render.
  useLocation();
  const session = useSession();
  const user = session.data;
  return (
    <>
      <Header user={user} />
      <main id="main" className="page">
        {session.isPending ? <Loading /> : null}
        {session.isError ? (
          <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
        ) : null}
        {session.isSuccess && user ? <SignInNotices /> : null}
        {session.isSuccess ? (
          <Switch>
            <Route path="/">
              {user ? (
                <Redirect to={user.role === ROLE_ADMIN ? '/admin' : '/profile'} />
              ) : (
                <Redirect to="/signin" />
              )}
            </Route>
            <Route path="/signin">{user ? <Redirect to="/profile" /> : <SignIn />}</Route>
            <Route path="/register">{user ? <Redirect to="/profile" /> : <Register />}</Route>
            <Route path="/forgot">
              <ForgotPassword />
            </Route>
            <Route path="/admin/signin">
              {user?.role === ROLE_ADMIN ? <Redirect to="/admin" /> : <SignIn admin />}
            </Route>
            <Route path="/profile">
              <Guard user={user ?? null}>{() => <Profile />}</Guard>
            </Route>
            <Route path="/password">
              <Guard user={user ?? null}>{(u) => <ChangePassword username={u.username} />}</Guard>
            </Route>
            <Route path="/sessions">
              <Guard user={user ?? null}>{() => <Sessions />}</Guard>
            </Route>
            <Route path="/security">
              <Guard user={user ?? null}>{() => <SecurityCenter />}</Guard>
            </Route>
            <Route path="/admin">
              <Guard user={user ?? null} admin>
                {() => (
                  <>
                    <AdminNav />
                    <AdminUsers />
                  </>
                )}
              </Guard>
            </Route>
            <Route path="/admin/audit">
              <Guard user={user ?? null} admin>
                {(u) => (
                  <>
                    <AdminNav />
                    <AuditLog me={u} />
                  </>
                )}
              </Guard>
            </Route>
            <Route>
              <div className="card narrow">
                <h1>{t('common.notFound')}</h1>
                <Link href="/">{t('common.home')}</Link>
              </div>
            </Route>
          </Switch>
        ) : null}
      </main>
    </>
  );
}
