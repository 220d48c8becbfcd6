import { availableParallelism } from 'node:os';
import { hash } from '@node-rs/argon2';
import type { Argon2Params } from '@acct/api';

/**
 * The other ceiling: raw argon2id hashes per second at the configured parameters, with enough
 * hashes in flight to keep every core busy (they run on libuv's pool, as in the server).
 */
export async function argon2PerSecond(params: Argon2Params, seconds = 5): Promise<number> {
  const inFlight = Math.max(2, availableParallelism() * 2);
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await hash(`bench-${done}`, params);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return done / ((performance.now() - started) / 1000);
}
