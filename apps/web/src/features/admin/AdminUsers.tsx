import { type AdminUserRow, ROLE_ADMIN, ROLE_CUSTOMER } from '@acct/schema';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorAlert, ListState, Notice } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { trpc } from '../../trpc.ts';
import { useDebounced } from '../../use-debounced.ts';
import { UserFactors } from './UserFactors.tsx';

type Action = { kind: 'role' | 'disabled'; user: AdminUserRow; label: MessageKey };

/** Users by username prefix, one keyset page at a time; changes need the admin's password. */
export function AdminUsers() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const prefix = useDebounced(search.trim());
  const [pending, setPending] = useState<Action | null>(null);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [factorsOf, setFactorsOf] = useState<AdminUserRow | null>(null);

  const list = useInfiniteQuery(
    trpc.admin.listUsers.infiniteQueryOptions(
      { prefix, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.listUsers.pathKey() });
  const finish = (message: string) => {
    setPending(null);
    setPassword('');
    setDone(message);
    void refresh();
  };
  const setRole = useMutation(trpc.admin.setRole.mutationOptions());
  const setDisabled = useMutation(trpc.admin.setDisabled.mutationOptions());
  const revoke = useMutation(trpc.admin.revokeSessions.mutationOptions());
  const confirming = setRole.isPending || setDisabled.isPending;
  const confirmError = setRole.error ?? setDisabled.error;

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!pending) return;
    const { user, label } = pending;
    const message = t('admin.done', { action: t(label), user: user.username });
    if (pending.kind === 'role')
      setRole.mutate(
        { userId: user.id, role: user.role === ROLE_ADMIN ? ROLE_CUSTOMER : ROLE_ADMIN, password },
        { onSuccess: () => finish(message) },
      );
    else
      setDisabled.mutate(
        { userId: user.id, disabled: !user.disabled, password },
        { onSuccess: () => finish(message) },
      );
  };
  const ask = (action: Action) => {
    setRole.reset();
    setDisabled.reset();
    setDone(null);
    setPending(action);
  };

  const users = list.data?.pages.flatMap((page) => page.users) ?? [];
  return (
    <section className="card wide">
      <h1>{t('admin.title')}</h1>
      <Field
        label={t('admin.search')}
        name="search"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        autoComplete="off"
        maxLength={32}
      />
      {done ? <Notice>{done}</Notice> : null}
      {revoke.isSuccess ? (
        <Notice>
          {t('admin.revoked', {
            n: revoke.data.ended,
            user: revoke.variables
              ? (users.find((u) => u.id === revoke.variables.userId)?.username ?? '')
              : '',
          })}
        </Notice>
      ) : null}
      <ErrorAlert error={revoke.error} />
      {pending ? (
        <form className="confirm" onSubmit={confirm} noValidate>
          <p>{t('admin.confirm', { action: t(pending.label), user: pending.user.username })}</p>
          <PasswordField
            label={t('field.password')}
            name="confirmPassword"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
            required
          />
          <ErrorAlert error={confirmError} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={confirming || password === ''}>
              {t('common.confirm')}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {factorsOf ? (
        <UserFactors key={factorsOf.id} user={factorsOf} onClose={() => setFactorsOf(null)} />
      ) : null}
      <ListState query={list} empty={users.length === 0} emptyText={t('admin.empty')} />
      {users.length > 0 ? (
        <table className="users">
          <thead>
            <tr>
              <th scope="col">{t('field.username')}</th>
              <th scope="col">{t('field.nickname')}</th>
              <th scope="col">{t('field.email')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row" data-label={t('field.username')}>
                  {user.username}
                </th>
                <td data-label={t('field.nickname')}>{user.nickname}</td>
                <td data-label={t('field.email')}>{user.email ?? '—'}</td>
                <td data-label={t('admin.role')}>
                  {t(user.role === ROLE_ADMIN ? 'admin.administrator' : 'admin.customer')}
                </td>
                <td data-label={t('admin.status')}>
                  {t(user.disabled ? 'admin.disabled' : 'admin.active')}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() =>
                      ask({
                        kind: 'role',
                        user,
                        label: user.role === ROLE_ADMIN ? 'admin.removeAdmin' : 'admin.makeAdmin',
                      })
                    }
                  >
                    {t(user.role === ROLE_ADMIN ? 'admin.removeAdmin' : 'admin.makeAdmin')}
                    <span className="visually-hidden"> {user.username}</span>
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      ask({
                        kind: 'disabled',
                        user,
                        label: user.disabled ? 'admin.enable' : 'admin.disable',
                      })
                    }
                  >
                    {t(user.disabled ? 'admin.enable' : 'admin.disable')}
                    <span className="visually-hidden"> {user.username}</span>
                  </button>
                  <button
                    type="button"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ userId: user.id })}
                  >
                    {t('admin.revoke')}
                    <span className="visually-hidden"> {user.username}</span>
                  </button>
                  <button type="button" onClick={() => setFactorsOf(user)}>
                    {t('admin.factors')}
                    <span className="visually-hidden"> {user.username}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.hasNextPage ? (
        <button
          type="button"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? t('common.loading') : t('admin.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
