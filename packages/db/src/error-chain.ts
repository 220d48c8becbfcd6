/** `error` and the errors it wraps, outermost first (drizzle wraps the driver's), at most five. */
export function errorChain(error: unknown): (Error & { code?: unknown })[] {
  const chain: Error[] = [];
  for (let cause = error; cause instanceof Error && chain.length < 5; cause = cause.cause)
    chain.push(cause);
  return chain;
}
