import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../../components/Alerts.tsx';
import { Field } from '../../components/Field.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';
import { PictureUpload } from './PictureUpload.tsx';

export function Profile() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const profile = useQuery(trpc.account.profile.queryOptions());
  const [form, setForm] = useState({ nickname: '', email: '', phone: '' });
  useEffect(() => {
    if (profile.data)
      setForm({
        nickname: profile.data.nickname,
        email: profile.data.email ?? '',
        phone: profile.data.phone ?? '',
      });
  }, [profile.data]);
  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.account.profile.queryKey(), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.security.events.pathKey() });
      },
    }),
  );

  if (profile.isPending) return <Loading />;
  if (profile.isError)
    return <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // An unchanged email is not sent; a cleared one is, so the server's "invalid email" explains
    // that an email cannot be removed (instead of silently keeping the old one).
    const email = form.email.trim();
    save.mutate({
      nickname: form.nickname,
      email: email === (profile.data.email ?? '') ? undefined : email,
      phone: form.phone.trim() || null,
    });
  };
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => {
    save.reset();
    setForm((f) => ({ ...f, [name]: event.target.value }));
  };

  return (
    <section className="card">
      <h1>{t('profile.title')}</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label={t('field.username')}
          name="username"
          value={profile.data.username}
          readOnly
          hint={t('profile.usernameFixed')}
        />
        <Field
          label={t('field.nickname')}
          name="nickname"
          value={form.nickname}
          onChange={set('nickname')}
          hint={t('hint.nickname')}
          maxLength={64}
        />
        <Field
          label={t('field.email')}
          name="email"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set('email')}
        />
        <Field
          label={t('field.phone')}
          name="phone"
          type="tel"
          autoComplete="tel"
          value={form.phone}
          onChange={set('phone')}
        />
        {save.isSuccess ? <Notice>{t('common.saved')}</Notice> : null}
        <ErrorAlert error={save.error} />
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
      </form>
      <PictureUpload current={profile.data.pictureUrl} />
    </section>
  );
}
