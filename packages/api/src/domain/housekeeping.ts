import type { Services } from '../services.ts';
import { sweepPictures } from './sweep-pictures.ts';
import { FAMILIAR_FOR_MS, sweepThrottle } from './throttle.ts';

/**
 * Deletes what has outlived its use (ASVS 8.3.8: stale data goes on a schedule): expired
 * sessions, reset tokens and sign-in challenges (already refused by their expiry), throttle state past its window,
 * sign-in addresses no longer familiar, audit events past their retention, and leftovers in the
 * pictures directory (sweep-pictures.ts).
 */
export async function sweepExpired(services: Services) {
  const now = services.now();
  const sessions = await services.repo.sessions.deleteExpired(now);
  const resetTokens = await services.repo.recovery.deleteExpired(now);
  const challenges = await services.repo.challenges.deleteExpired(now);
  const throttle = await sweepThrottle(services);
  const signInAddresses = await services.repo.signInAddresses.deleteOlderThan(
    now - FAMILIAR_FOR_MS,
  );
  const auditEvents = await services.repo.audit.deleteOlderThan(
    now - services.config.auditRetentionMs,
  );
  const pictures = await sweepPictures(services);
  return { sessions, resetTokens, challenges, throttle, signInAddresses, auditEvents, pictures };
}
