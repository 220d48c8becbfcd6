import { errorKind } from '@acct/client';
import type { ErrorKind } from '@acct/schema';

/**
 * How a call through @acct/client ended: `'succeeded'`, or the error kind it failed with
 * (null for a failure that names none), so a test compares one value either way.
 */
export const kindOf = (call: Promise<unknown>): Promise<ErrorKind | 'succeeded' | null> =>
  call.then(() => 'succeeded' as const, errorKind);
