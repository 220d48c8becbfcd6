import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Remembers credentials that recently passed the memory-hard check, the way a web
 * server's auth cache does, so that repeated logins of one account skip argon2.
 * It holds a keyed HMAC over (user, stored hash, canonical password), never the password:
 * a changed password changes the stored hash and so misses by itself. Bounded (LRU);
 * size 0 switches it off. HMAC is synchronous on purpose: microseconds, and nothing
 * cheap may queue behind argon2 on the thread pool.
 */
export function createCredentialCache(key: Buffer, maxEntries: number) {
  const entries = new Map<number, Buffer>();
  const mac = (userId: number, storedHash: string, canonical: string) =>
    createHmac('sha256', key).update(`${userId}\0${storedHash}\0${canonical}`).digest();

  return {
    matches(userId: number, storedHash: string, canonical: string): boolean {
      const known = entries.get(userId);
      if (!known) return false;
      if (!timingSafeEqual(known, mac(userId, storedHash, canonical))) return false;
      entries.delete(userId); // move to the young end
      entries.set(userId, known);
      return true;
    },
    remember(userId: number, storedHash: string, canonical: string): void {
      if (maxEntries <= 0) return;
      entries.delete(userId);
      entries.set(userId, mac(userId, storedHash, canonical));
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as number);
    },
    forget(userId: number): void {
      entries.delete(userId);
    },
    get size() {
      return entries.size;
    },
  };
}
