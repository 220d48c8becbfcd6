import { and, eq, inArray, ne } from 'drizzle-orm';
import type { PicturesRepo } from '../repo.ts';
import type { PgDb } from './open.ts';
import { pictures, users } from './tables.ts';

export function pgPictures(db: PgDb): PicturesRepo {
  return {
    async replace(picture) {
      return db.transaction(async (tx) => {
        // The user's row first: its lock makes one user's replacements run one after another.
        // Inserting first, an upload could find its row about to be deleted by a concurrent
        // replacement ("conflict, do nothing"), then point the user at a picture with no row,
        // which the sweep would take for garbage.
        await tx
          .update(users)
          .set({ picture: picture.name, updatedAt: picture.createdAt })
          .where(eq(users.id, picture.userId));
        await tx.insert(pictures).values(picture).onConflictDoNothing();
        // Only the current picture is kept per user (a per-user quota of one).
        const dropped = await tx
          .delete(pictures)
          .where(and(eq(pictures.userId, picture.userId), ne(pictures.name, picture.name)))
          .returning({ name: pictures.name });
        return dropped.map((row) => row.name);
      });
    },
    async referenced(names) {
      if (names.length === 0) return [];
      const rows = await db
        .select({ name: pictures.name })
        .from(pictures)
        .where(inArray(pictures.name, [...names]));
      return rows.map((row) => row.name);
    },
  };
}
