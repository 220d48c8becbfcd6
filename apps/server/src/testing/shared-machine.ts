/**
 * Test files run side by side on a few cores, where an argon2 job takes several times its time
 * alone: test servers get a generous budget of queued password work, so that a burst of parallel
 * guesses meets the throttle it tests, and a backlog the drain it tests, rather than the overload
 * refusal (issue 15). The overload tests set their own.
 */
export const SHARED_MACHINE_PASSWORD_BUDGET = { PASSWORD_QUEUE_BUDGET_MS: '60000' };
