import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useLocation, useSearchParams } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';
import { safeNext } from '../../safe-next.ts';
import { PasskeyError } from './passkey-error.tsx';
import { usePasskeySignIn } from './use-passkey-sign-in.ts';

/**
 * "Sign in with a passkey" (no username, no password), or with `challenge` "Use a passkey" on
 * the second step of a password sign-in. Nothing is shown where the browser has no WebAuthn.
 */
export function PasskeySignIn({ challenge }: { challenge?: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const signIn = usePasskeySignIn();
  if (!browserSupportsWebAuthn()) return null;
  return (
    <div className="card narrow">
      <button
        type="button"
        disabled={signIn.isPending}
        onClick={() =>
          signIn.mutate(challenge, {
            onSuccess: () => navigate(safeNext(params.get('next'), '/profile')),
          })
        }
      >
        {signIn.isPending
          ? t('passkeys.waiting')
          : t(challenge ? 'passkeys.useOne' : 'passkeys.signIn')}
      </button>
      <PasskeyError error={signIn.error} />
    </div>
  );
}
