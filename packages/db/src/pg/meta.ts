import { eq } from 'drizzle-orm';
import type { MetaRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { meta } from './tables.ts';

export function pgMeta(db: PgDb): MetaRepo {
  return {
    async get(key) {
      const [row] = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, key));
      return row?.value;
    },
    async set(key, value) {
      await db
        .insert(meta)
        .values({ key, value })
        .onConflictDoUpdate({ target: meta.key, set: { value } });
    },
  };
}
