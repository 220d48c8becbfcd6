import type { ThrottleScope } from './throttle.ts';

/**
 * What the domain tells whoever watches it (the server's metrics). Plain calls: the domain
 * depends on no metrics library, and a watcher that does nothing costs nothing.
 */
export interface Observer {
  /** A throttle refused a request (blocked, or a window full): which allowance refused it. */
  throttleRefused(scope: ThrottleScope): void;
}

export const unobserved: Observer = { throttleRefused: () => {} };
