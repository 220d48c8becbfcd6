import {
  type PublicKeyCredentialCreationOptionsJSON,
  startRegistration,
} from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, trpc } from '../../trpc.ts';

/** Adds a passkey: the password again, the browser's creation ceremony, then the server keeps it. */
export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ password, name }: { password: string; name: string }) => {
      const begun = await client.passkeys.registrationOptions.mutate({ password });
      const response = await startRegistration({
        optionsJSON: begun.options as unknown as PublicKeyCredentialCreationOptionsJSON,
      });
      return client.passkeys.register.mutate({
        challenge: begun.challenge,
        name,
        response: { ...response },
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.factors.status.queryKey() }),
  });
}
