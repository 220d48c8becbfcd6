import { errorKind } from '@acct/client';
import { WebAuthnError } from '@simplewebauthn/browser';
import { ErrorAlert } from '../../components/Alerts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/** The words for a failure the browser raised (the server's have their kind and ErrorAlert). */
function browserFailure(error: unknown): MessageKey {
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return 'passkeys.alreadyAdded';
  // The user closed the prompt, or it timed out: the browser says NotAllowedError for both, on
  // purpose (a site must not learn which passkeys exist), so the words cover both.
  const name =
    error instanceof WebAuthnError
      ? (error.cause as Error | undefined)?.name
      : (error as Error).name;
  if (name === 'NotAllowedError' || name === 'AbortError') return 'passkeys.cancelled';
  return 'passkeys.browserFailed';
}

/** A passkey ceremony's failure: the server's kind, or what went wrong in the browser. */
export function PasskeyError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  if (errorKind(error)) return <ErrorAlert error={error} />;
  return (
    <div className="alert alert-error" role="alert">
      <span>{t(browserFailure(error))}</span>
    </div>
  );
}
