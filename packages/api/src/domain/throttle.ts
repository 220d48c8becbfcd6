import type { ThrottleClaim, ThrottleRule, ThrottleVerdict } from '@acct/db';
import type { Client } from '../context.ts';
import { rateLimited } from '../errors.ts';
import type { Services } from '../services.ts';
import { audit } from './audit.ts';
import { addressKey } from './client-address.ts';

export interface ThrottleConfig {
  /** Failed credential checks per account within the window (ASVS 2.2.1 allows 100 an hour). */
  accountFailures: number;
  /** Failed credential checks per client address within the window, over all accounts (spraying). */
  addressFailures: number;
  /** Registrations per client address within the window. */
  registrations: number;
  /** Availability checks and recovery-question look-ups per client address within the window. */
  lookups: number;
  /** Picture uploads per account within the window (each costs a decode and a file). */
  uploads: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = {
  accountFailures: 20,
  addressFailures: 50,
  registrations: 30,
  lookups: 100,
  uploads: 20,
  windowMs: 15 * 60_000,
};

/** An address an account signed in from within this time counts as the owner's own. */
export const FAMILIAR_FOR_MS = 30 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** What a credential is checked for: password logins (and re-entry), recovery answers, second-factor codes. */
const CREDENTIAL_SCOPES = ['login', 'answer', 'code'] as const;
const ALLOWANCE_SCOPES = ['registration', 'lookup', 'upload'] as const;
export type CredentialScope = (typeof CREDENTIAL_SCOPES)[number];
export type AllowanceScope = (typeof ALLOWANCE_SCOPES)[number];
/** Every throttle that can refuse a request, as the observer hears of it. */
export const THROTTLE_SCOPES = [...CREDENTIAL_SCOPES, ...ALLOWANCE_SCOPES] as const;
export type ThrottleScope = (typeof THROTTLE_SCOPES)[number];

function rules(config: ThrottleConfig) {
  const rule = (max: number, maxBlockMs: number): ThrottleRule => ({
    max,
    windowMs: config.windowMs,
    maxBlockMs,
  });
  return {
    // An account's refusal grows to 4 windows at most, so its owner is never shut out for long.
    account: rule(config.accountFailures, 4 * config.windowMs),
    addressFailures: rule(config.addressFailures, DAY_MS),
    registration: rule(config.registrations, DAY_MS),
    lookup: rule(config.lookups, DAY_MS),
    upload: rule(config.uploads, DAY_MS),
  };
}

/** Reports the refusal, then throws it (RATE_LIMITED until `retryAt`). */
function refuse(services: Services, scope: ThrottleScope, retryAt: number, now: number): never {
  services.observer.throttleRefused(scope);
  return rateLimited(retryAt, now);
}

async function take(
  services: Services,
  client: Client,
  scope: ThrottleScope,
  claims: ThrottleClaim[],
  userId: number | null,
  pending: boolean,
): Promise<number[]> {
  const now = services.now();
  const verdict: ThrottleVerdict = await services.repo.throttle.take(claims, now, { pending });
  if (verdict.granted) return verdict.hitIds;
  // The start of a block is the event; the refusals during it are not logged one by one, so
  // that a flood of refused requests cannot flood the log (every logged failure is bounded).
  if (verdict.newlyBlocked) {
    const onAccount = verdict.key.includes(':account:');
    await audit(services, client, {
      kind: 'lockout',
      outcome: 'refused',
      userId: onAccount ? userId : null,
      detail: {
        throttle: verdict.key.split(':')[0] ?? '',
        on: onAccount ? 'account' : 'address',
        until: new Date(verdict.retryAt).toISOString(),
      },
    });
  }
  return refuse(services, scope, verdict.retryAt, now);
}

/** An account's count for a credential scope; familiar addresses get `<key>@<address>` counts of their own. */
const accountThrottleKey = (scope: CredentialScope, name: string) =>
  `${scope}:account:${name.toLowerCase()}`;

/** Every throttle counter an account has (for erasure): by name per credential scope, by id for uploads. */
export const throttleKeysOf = (user: { id: number; username: string }) => [
  ...CREDENTIAL_SCOPES.map((scope) => accountThrottleKey(scope, user.username)),
  `upload:account:${user.id}`,
];

/**
 * Guards a credential check (password, re-entered password, recovery answer) by two bounds at
 * once: failures per client address over all accounts, and failures per account.
 *
 * The per-account count is kept apart for the addresses the account signed in from lately
 * (each such address has its own count): failures from elsewhere can block the account for
 * everyone else, but not for its owner at home, who can still sign in while the attacker's
 * addresses stay refused.
 *
 * `costly` checks reserve their attempt before the work (it counts against the bound until it
 * succeeds), so a burst of parallel guesses gets at most the bound evaluated. Only failures
 * block a key: a bound reached by attempts still in flight (a burst of sign-ins from one office)
 * refuses for a second and blocks nothing. A cheap proof (a remembered credential) only has to
 * find no block.
 */
export async function startCredentialCheck(
  services: Services,
  client: Client,
  scope: CredentialScope,
  /** null: a check bound to no account name (a reset token); only the address bound applies. */
  account: { name: string; userId: number | null } | null,
  { costly }: { costly: boolean },
) {
  const { repo } = services;
  const now = services.now();
  const limits = rules(services.config.throttle);
  const address = addressKey(client.ip);
  const userId = account?.userId ?? null;
  const familiar =
    userId !== null &&
    client.ip !== null &&
    (await repo.signInAddresses.known(userId, address, now - FAMILIAR_FOR_MS));
  const accountKey = account
    ? `${accountThrottleKey(scope, account.name)}${familiar ? `@${address}` : ''}`
    : null;
  const claims = [
    { key: `credential:address:${address}`, rule: limits.addressFailures },
    ...(accountKey ? [{ key: accountKey, rule: limits.account }] : []),
  ];

  let hitIds: number[] = [];
  if (costly) hitIds = await take(services, client, scope, claims, userId, true);
  else {
    const until = await repo.throttle.refusedUntil(claims, now);
    if (until !== null) refuse(services, scope, until, now);
  }

  return {
    /** The check failed: its reservation becomes a failure, which counts towards a block. */
    async failed() {
      await repo.throttle.settle(hitIds);
    },
    /** The check passed: its attempt was no failure, and the account's count starts over. */
    async succeeded() {
      await repo.throttle.release(hitIds);
      if (accountKey) await repo.throttle.clear(accountKey);
    },
  };
}

/**
 * Makes the client's address familiar to the account: called when a session is granted, never on
 * a password success alone. Otherwise a guesser who knows the password would make each of its
 * addresses familiar with one login, and so give each its own count of second-factor guesses.
 */
export async function rememberSignInAddress(services: Services, client: Client, userId: number) {
  if (client.ip === null) return;
  await services.repo.signInAddresses.remember(userId, addressKey(client.ip), services.now());
}

/**
 * Counts one registration or look-up against the client's address, or one upload against the
 * signed-in account; refuses once the window's allowance is spent.
 */
export async function spendAllowance(
  services: Services,
  client: Client,
  scope: AllowanceScope,
  userId: number | null = null,
): Promise<void> {
  const limits = rules(services.config.throttle);
  const key =
    userId === null ? `${scope}:address:${addressKey(client.ip)}` : `${scope}:account:${userId}`;
  // (throttleKeysOf names the per-account form of this key too.)
  await take(services, client, scope, [{ key, rule: limits[scope] }], userId, false);
}

/** Throttle state old enough to matter no more: hits past the window, blocks over with no strike for a day. */
export async function sweepThrottle(services: Services): Promise<number> {
  const now = services.now();
  return services.repo.throttle.deleteExpired(
    now - services.config.throttle.windowMs,
    now - DAY_MS,
    now,
  );
}
