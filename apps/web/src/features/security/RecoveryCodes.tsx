import { useState } from 'react';
import { Notice } from '../../components/Alerts.tsx';
import { downloadFile } from '../../download.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Freshly made recovery codes, shown this once: the server keeps only their hashes, so the
 * user copies or downloads them before closing.
 */
export function RecoveryCodes({ codes, onClose }: { codes: string[]; onClose: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = `${t('codes.fileTitle')}\n\n${codes.join('\n')}\n`;
  // The clipboard can be refused (permissions, an insecure origin): then say so; download still works.
  const copy = () =>
    // Through a promise, so a missing navigator.clipboard (plain http) is a refusal too.
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(codes.join('\n')))
      .then(
        () => setCopied(true),
        () => setCopied(false),
      );
  return (
    <div className="recovery-codes" role="region" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">{t('codes.title')}</h3>
      <p className="alert alert-warn">{t('codes.once')}</p>
      <ol className="codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      {copied ? <Notice>{t('codes.copied')}</Notice> : null}
      {copied === false ? (
        <p className="alert alert-error" role="alert">
          {t('codes.copyFailed')}
        </p>
      ) : null}
      <div className="buttons">
        <button type="button" onClick={() => void copy()}>
          {t('codes.copy')}
        </button>
        <button
          type="button"
          onClick={() => downloadFile('recovery-codes.txt', text, 'text/plain;charset=utf-8')}
        >
          {t('codes.download')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('codes.saved')}
        </button>
      </div>
    </div>
  );
}
