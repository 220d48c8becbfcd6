import type { SecurityNotice } from '@acct/schema';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useSearchParams } from 'wouter';
import { safeNext } from '../../safe-next.ts';
import { keepSignInNotices } from '../security/sign-in-notices.ts';

/**
 * What every way of signing in does once the server has made the session (password alone,
 * second step, passkey): refresh what the cache knows, keep the notices, go where the user was going.
 */
export function useFinishSignIn(admin: boolean) {
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  return async ({ notices }: { notices: SecurityNotice[] }) => {
    await queryClient.invalidateQueries();
    // Set after the invalidation, and kept across the navigation below (see sign-in-notices.ts).
    keepSignInNotices(queryClient, notices);
    navigate(safeNext(params.get('next'), admin ? '/admin' : '/profile'));
  };
}
