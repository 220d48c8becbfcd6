import { errorKind } from '@acct/client';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useLocation, useSearchParams } from 'wouter';
import { useI18n } from '../../i18n/i18n.tsx';
import { safeNext } from '../../safe-next.ts';
import { PasskeyError } from './passkey-error.tsx';
import { usePasskeySignIn } from './use-passkey-sign-in.ts';

/**
 * "Sign in with a passkey" (no username, no password), or with `challenge` "Use a passkey" on
 * the second step of a password sign-in, where an expired step goes back to the password
 * (`onBadChallenge`). Nothing is shown where the browser has no WebAuthn.
 */
export function PasskeySignIn({
  challenge,
  admin = false,
  onBadChallenge,
}: {
  challenge?: string;
  admin?: boolean;
  onBadChallenge?: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const signIn = usePasskeySignIn();
  if (!browserSupportsWebAuthn()) return null;
  return (
    <div className="passkey-sign-in">
      <button
        type="button"
        disabled={signIn.isPending}
        onClick={() =>
          signIn.mutate(challenge, {
            onSuccess: () => navigate(safeNext(params.get('next'), admin ? '/admin' : '/profile')),
            onError: (error) => {
              if (onBadChallenge && errorKind(error) === 'BAD_CHALLENGE') onBadChallenge(error);
            },
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
