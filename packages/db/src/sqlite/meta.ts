import { eq } from 'drizzle-orm';
import type { MetaRepo } from '../repo.ts';
import { meta } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqliteMeta(db: SqliteDb, write: Write): MetaRepo {
  return {
    async get(key) {
      return db.select({ value: meta.value }).from(meta).where(eq(meta.key, key)).get()?.value;
    },
    async set(key, value) {
      await write(() =>
        db
          .insert(meta)
          .values({ key, value })
          .onConflictDoUpdate({ target: meta.key, set: { value } })
          .run(),
      );
    },
  };
}
