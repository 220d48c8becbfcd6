import type { SecurityNotice } from '@acct/schema';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';

/**
 * The notices `auth.login` returned, kept in the query cache only: they outlive the navigation
 * after sign-in and go with everything else when sign-out clears the cache. Never in
 * localStorage, which holds nothing but the language (ASVS 8.2.2).
 */
const KEY = ['acct', 'signInNotices'] as const;

export const keepSignInNotices = (queryClient: QueryClient, notices: SecurityNotice[]) =>
  queryClient.setQueryData(KEY, notices);

export function useSignInNotices() {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: KEY,
    // Only sign-in writes them; nothing is ever fetched, so invalidation cannot replace them.
    queryFn: () => [] as SecurityNotice[],
    enabled: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  return { notices: data ?? [], dismiss: () => keepSignInNotices(queryClient, []) };
}
