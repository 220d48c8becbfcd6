import type { ErrorKind } from '@acct/schema';
import { expect } from 'vitest';
import { describeError } from '../errors.ts';

/** Asserts that a call fails with the named kind from the shared error table. */
export async function expectKind(call: Promise<unknown>, kind: ErrorKind): Promise<void> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${kind}, but the call succeeded`).not.toBeNull();
  expect(describeError(error).kind).toBe(kind);
}
