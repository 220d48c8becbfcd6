import type { ThrottleClaim, ThrottleVerdict } from './repo.ts';

// The throttle's rules, shared by both backends: each backend reads a key's state under its own
// kind of lock, and these pure functions say what that state means.

const DAY_MS = 24 * 3_600_000;
/** How soon to retry a key that is full only of attempts still being checked. */
const BUSY_RETRY_MS = 1_000;

export interface Block {
  until: number;
  strikes: number;
  struckAt: number;
}

/** What the backend read about one key: its block, and its hits within the claim's window. */
export interface KeyState {
  block: Block | undefined;
  /** Hits in the window, pending ones included, and settled ones alone. */
  hits: number;
  settled: number;
}

export interface Refusal {
  /** The window is full of settled failures: the key is to be blocked. */
  full: boolean;
  /** The window is full only because attempts are still being checked. */
  busy: boolean;
  retryAt: number;
}

/** Why a claim is refused now, if it is: an active block, a window full of settled hits, or one full with pending ones too. */
export function refusalOf(state: KeyState, claim: ThrottleClaim, now: number): Refusal | null {
  const { block } = state;
  if (block && block.until > now) return { full: false, busy: false, retryAt: block.until };
  if (state.settled >= claim.rule.max)
    return { full: true, busy: false, retryAt: now + claim.rule.windowMs };
  if (state.hits >= claim.rule.max)
    return { full: false, busy: true, retryAt: now + BUSY_RETRY_MS };
  return null;
}

/** The block a full window earns: twice as long as the last one if that was within a day, capped. */
function nextBlock(previous: Block | undefined, claim: ThrottleClaim, now: number): Block {
  const strikes = previous && previous.struckAt > now - DAY_MS ? previous.strikes + 1 : 1;
  const until = now + Math.min(claim.rule.windowMs * 2 ** (strikes - 1), claim.rule.maxBlockMs);
  return { until, strikes, struckAt: now };
}

export type Refused = Extract<ThrottleVerdict, { granted: false }>;

/**
 * The verdict on a claim's state: null when it may proceed, else the refusal, with the block to
 * record when the refusal is a full window.
 */
export function judge(
  state: KeyState,
  claim: ThrottleClaim,
  now: number,
): { verdict: Refused; block: Block | null } | null {
  const refused = refusalOf(state, claim, now);
  if (!refused) return null;
  if (!refused.full)
    return {
      verdict: {
        granted: false,
        key: claim.key,
        retryAt: refused.retryAt,
        newlyBlocked: false,
        busy: refused.busy,
      },
      block: null,
    };
  const block = nextBlock(state.block, claim, now);
  return {
    verdict: {
      granted: false,
      key: claim.key,
      retryAt: block.until,
      newlyBlocked: true,
      busy: false,
    },
    block,
  };
}
