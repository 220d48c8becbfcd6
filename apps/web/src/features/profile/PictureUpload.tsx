import { PICTURE_MAX_BYTES } from '@acct/schema';
import { uploadPicture } from '@acct/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useEffect, useId, useState } from 'react';
import { ErrorAlert, Notice } from '../../components/Alerts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/** Choose → local preview → upload with progress → the server's processed picture. */
export function PictureUpload({ current }: { current: string | null }) {
  const { t } = useI18n();
  const inputId = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [tooBig, setTooBig] = useState(false);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  const upload = useMutation({
    mutationFn: (chosen: File) => {
      const form = new FormData();
      form.append('file', chosen);
      return uploadPicture(globalThis.location.origin, form, setProgress);
    },
    onSuccess: () => {
      setFile(null);
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: trpc.account.profile.queryKey() });
    },
  });

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    upload.reset();
    setProgress(0);
    setTooBig(chosen !== null && chosen.size > PICTURE_MAX_BYTES);
    setFile(chosen);
    // Only an image gets a preview; anything else would show as a broken picture.
    setPreview(chosen?.type.startsWith('image/') ? URL.createObjectURL(chosen) : null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && !tooBig) upload.mutate(file);
  };

  const shown = upload.data?.pictureUrl ?? current;
  return (
    <form className="picture" onSubmit={submit}>
      <h2>{t('profile.picture')}</h2>
      <div className="picture-row">
        {shown ? (
          <img className="avatar" src={shown} alt={t('profile.current')} width={128} height={128} />
        ) : (
          <p className="muted">{t('profile.noPicture')}</p>
        )}
        {preview ? (
          <img
            className="avatar"
            src={preview}
            alt={t('profile.preview')}
            width={128}
            height={128}
          />
        ) : null}
      </div>
      {upload.isSuccess ? <Notice>{t('profile.uploaded')}</Notice> : null}
      <label htmlFor={inputId}>{t('profile.choose')}</label>
      <input
        id={inputId}
        name="file"
        type="file"
        accept="image/jpeg,image/png,image/webp,image/gif"
        onChange={choose}
      />
      {tooBig ? (
        <div className="field-error" role="alert">
          {t('profile.tooBig')}
        </div>
      ) : null}
      {upload.isPending ? (
        <p role="status">
          {t('profile.uploading')}{' '}
          <progress max={1} value={progress} aria-label={t('profile.uploading')} />{' '}
          {Math.round(progress * 100)}%
        </p>
      ) : null}
      <ErrorAlert error={upload.error} />
      <button type="submit" disabled={!file || tooBig || upload.isPending}>
        {t('profile.upload')}
      </button>
    </form>
  );
}
