import { and, eq, inArray, ne } from 'drizzle-orm';
import type { PicturesRepo } from '../repo.ts';
import { pictures, users } from '../tables.ts';
import type { Write } from './group-commit.ts';
import type { SqliteDb } from './open.ts';

export function sqlitePictures(db: SqliteDb, write: Write): PicturesRepo {
  return {
    async replace(picture) {
      return write(() => {
        db.insert(pictures).values(picture).onConflictDoNothing().run();
        db.update(users)
          .set({ picture: picture.name, updatedAt: picture.createdAt })
          .where(eq(users.id, picture.userId))
          .run();
        // Only the current picture is kept per user (a per-user quota of one).
        return db
          .delete(pictures)
          .where(and(eq(pictures.userId, picture.userId), ne(pictures.name, picture.name)))
          .returning({ name: pictures.name })
          .all()
          .map((row) => row.name);
      });
    },
    async referenced(names) {
      if (names.length === 0) return [];
      return db
        .select({ name: pictures.name })
        .from(pictures)
        .where(inArray(pictures.name, [...names]))
        .all()
        .map((row) => row.name);
    },
  };
}
