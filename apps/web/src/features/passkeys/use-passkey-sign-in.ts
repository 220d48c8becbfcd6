import {
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
} from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client } from '../../trpc.ts';
import { keepSignInNotices } from '../security/sign-in-notices.ts';

/**
 * Signs in with a passkey: `mutate()` for a passkey on its own (the browser offers the user's
 * passkeys for this site), `mutate(challenge)` for the second step of a password sign-in. The
 * ceremony's challenge stays on the server; the session arrives as the HttpOnly cookie. On
 * success every query is refetched (a different user may be signed in now) and the sign-in's
 * notices are kept for the next screen; where to go next is the caller's `onSuccess`.
 */
export function usePasskeySignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (challenge?: string) => {
      const begun = await client.passkeys.signInOptions.mutate({ challenge, via: 'cookie' });
      const response = await startAuthentication({
        // The server built these with @simplewebauthn/server; the wire type is a plain record.
        optionsJSON: begun.options as unknown as PublicKeyCredentialRequestOptionsJSON,
      });
      return client.passkeys.signIn.mutate({
        challenge: begun.challenge,
        response: { ...response },
      });
    },
    onSuccess: async ({ notices }) => {
      await queryClient.invalidateQueries();
      keepSignInNotices(queryClient, notices);
    },
  });
}
