import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../trpc.ts';

/** The signed-in user, or null; every guarded screen reads it. */
export const useSession = () => useQuery(trpc.auth.session.queryOptions());
