import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert, Loading, Notice } from '../../components/Alerts.tsx';
import { dateTime } from '../../format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { trpc } from '../../trpc.ts';
import { FactorProofForm } from './FactorProofForm.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { TotpEnrol } from './TotpEnrol.tsx';

type Mode = 'view' | 'enrol' | 'disable' | 'regenerate';

/** The authenticator app: whether it is on, setting it up, turning it off, new recovery codes. */
export function TotpSection() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.factors.status.queryOptions());
  const [mode, setMode] = useState<Mode>('view');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.factors.status.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.security.events.pathKey() });
  };
  const showCodes = (recoveryCodes: string[], message: MessageKey | null) => {
    setMode('view');
    setCodes(recoveryCodes);
    setDone(message);
    refresh();
  };
  const disable = useMutation(
    trpc.factors.totpDisable.mutationOptions({
      onSuccess: () => {
        setMode('view');
        setDone('totp.disabled');
        refresh();
      },
    }),
  );
  const regenerate = useMutation(
    trpc.factors.regenerateRecoveryCodes.mutationOptions({
      onSuccess: ({ recoveryCodes }) => showCodes(recoveryCodes, null),
    }),
  );
  const open = (next: Mode) => {
    disable.reset();
    regenerate.reset();
    setDone(null);
    setCodes(null);
    setMode(next);
  };

  const totp = status.data?.totp;
  return (
    <section className="card" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('totp.title')}</h2>
      {status.isPending ? <Loading /> : null}
      <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      {done ? <Notice>{t(done)}</Notice> : null}
      {totp ? (
        <>
          {totp.enabled ? (
            <>
              <p>
                {totp.enabledAt
                  ? t('totp.on', { when: dateTime(totp.enabledAt, lang) })
                  : t('totp.enabled')}
              </p>
              <p>{t('totp.codesLeft', { n: totp.recoveryCodesLeft })}</p>
            </>
          ) : (
            <p className="muted">{t('totp.off')}</p>
          )}
          {codes ? <RecoveryCodes codes={codes} onClose={() => setCodes(null)} /> : null}
          {mode === 'view' && !codes ? (
            <div className="buttons">
              {totp.enabled ? (
                <>
                  <button type="button" onClick={() => open('regenerate')}>
                    {t('totp.regenerate')}
                  </button>
                  <button type="button" onClick={() => open('disable')}>
                    {t('totp.turnOff')}
                  </button>
                </>
              ) : (
                <button type="button" className="primary" onClick={() => open('enrol')}>
                  {t('totp.setUp')}
                </button>
              )}
            </div>
          ) : null}
          {mode === 'enrol' ? (
            <TotpEnrol
              onEnabled={(recoveryCodes) => showCodes(recoveryCodes, 'totp.enabled')}
              onCancel={() => setMode('view')}
            />
          ) : null}
          {mode === 'disable' ? (
            <FactorProofForm
              intro={t('totp.turnOffIntro')}
              submitLabel={t('totp.turnOff')}
              pending={disable.isPending}
              error={disable.error}
              onSubmit={(proof) => disable.mutate(proof)}
              onCancel={() => setMode('view')}
            />
          ) : null}
          {mode === 'regenerate' ? (
            <FactorProofForm
              intro={t('totp.regenerateIntro')}
              submitLabel={t('totp.regenerate')}
              pending={regenerate.isPending}
              error={regenerate.error}
              onSubmit={(proof) => regenerate.mutate(proof)}
              onCancel={() => setMode('view')}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
