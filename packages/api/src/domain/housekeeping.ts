import type { Services } from '../services.ts';
import { sweepPictures } from './sweep-pictures.ts';

/**
 * Deletes expired sessions and reset tokens (ASVS 8.3.8: stale data goes on a schedule).
 * They are already refused by their expiry; this only keeps the tables small. Also sweeps the
 * pictures directory (sweep-pictures.ts).
 */
export async function sweepExpired(services: Services) {
  const now = services.now();
  const sessions = await services.repo.sessions.deleteExpired(now);
  const resetTokens = await services.repo.recovery.deleteExpired(now);
  const pictures = await sweepPictures(services);
  return { sessions, resetTokens, pictures };
}
