import { useMutation } from '@tanstack/react-query';
import { ErrorAlert, Notice } from '../../components/Alerts.tsx';
import { downloadFile } from '../../download.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { trpc } from '../../trpc.ts';

/** "Download my data": what the service holds about the user, as one JSON file. */
export function ExportData() {
  const { t } = useI18n();
  const exportData = useMutation(
    trpc.security.exportData.mutationOptions({
      onSuccess: (data) =>
        downloadFile(
          'account-data.json',
          `${JSON.stringify(data, null, 2)}\n`,
          'application/json;charset=utf-8',
        ),
    }),
  );
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t('exportData.title')}</h2>
      <p className="muted">{t('exportData.intro')}</p>
      {exportData.isSuccess ? <Notice>{t('exportData.done')}</Notice> : null}
      <ErrorAlert error={exportData.error} />
      <button type="button" onClick={() => exportData.mutate()} disabled={exportData.isPending}>
        {exportData.isPending ? t('common.loading') : t('exportData.button')}
      </button>
    </section>
  );
}
