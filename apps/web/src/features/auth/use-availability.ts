import { email as emailSchema, username as usernameSchema } from '@acct/schema';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../trpc.ts';
import { useDebounced } from '../../use-debounced.ts';

/** Live availability of a username or email, asked only once the value is well-formed. */
export function useAvailability(type: 'username' | 'email', value: string) {
  const debounced = useDebounced(value.trim());
  const wellFormed = (type === 'username' ? usernameSchema : emailSchema).safeParse(
    debounced,
  ).success;
  const query = useQuery({
    ...trpc.account.checkAvailability.queryOptions({ type, value: debounced }),
    enabled: wellFormed,
  });
  // The failure is returned too: a throttled check says so (and how long to wait) instead of saying nothing.
  return {
    wellFormed,
    checking: wellFormed && query.isFetching,
    available: wellFormed ? query.data?.available : undefined,
    error: wellFormed ? query.error : null,
  };
}
