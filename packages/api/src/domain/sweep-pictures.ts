import { pictureName } from '@acct/schema';
import type { Services } from '../services.ts';
import type { PictureStorage } from '../storage/picture-storage.ts';
import { isScratchName, scratchNameFor } from '../storage/scratch-name.ts';

/**
 * How long a picture file is safe from cleanup after it was written. An upload commits its row
 * milliseconds after writing its file; ten minutes also covers a stalled process, a busy database
 * (5 s busy timeout) and modest clock skew between instances that share the storage.
 */
export const PICTURE_GRACE_MS = 10 * 60_000;

/** Objects per listing batch, and so at most names per database look-up, while sweeping. */
const BATCH = 500;

/*
 * Replacement and cleanup, correct with uploads in flight on one instance or on several sharing
 * the picture storage and the database (so no answer here may rest on memory of one process:
 * a per-user lock would order only this instance's uploads):
 * - An upload writes its file (always a fresh one, so a fresh mtime), then makes it current in
 *   one transaction that also drops the user's other rows: the quota of one current picture.
 * - A file is deleted only if no row references its name and it was last written more than
 *   PICTURE_GRACE_MS ago. "No row" alone is not enough: another upload of the same image by the
 *   same user (names are per user and content-derived, so the same name) may have written the
 *   file and not yet committed its row, and deleting it then left the profile on a missing file
 *   for good (issue 11). Its fresh mtime keeps it.
 * - Both checks are made again after the file is moved aside (storage.rename to a scratch name,
 *   which keeps its time), since an upload may write or commit between the first look and the
 *   delete; if either now says keep, the file goes back. And an upload checks, after its commit, that its file is still there, writing it
 *   again if not. Between the two, a committed reference is never left without its file, even if
 *   clocks disagree beyond the grace: a cleaner that moved the file aside either sees the commit
 *   on its second look, or moved it before the commit, and then the upload's check finds it gone.
 * So the upload that replaces a picture older than the grace deletes it at once; a picture
 * replaced within the grace (quick re-uploads), and the leftovers of interrupted uploads, go at
 * the first sweep after it. The storage keeps the current pictures plus a remainder bounded in
 * time (ASVS 12.1.3). Only the PictureStorage operations are used, so this holds for any storage
 * that keeps their promises (picture-storage.ts; docs/decisions.md for an object store).
 */

/** Deletes those of `names` that no row references and that were written before the grace. */
export async function removeUnreferencedPictures(
  services: Services,
  names: readonly string[],
): Promise<number> {
  if (names.length === 0) return 0;
  const before = services.now() - PICTURE_GRACE_MS;
  const referenced = new Set(await services.repo.pictures.referenced(names));
  let removed = 0;
  for (const name of names) {
    if (!referenced.has(name) && (await removeIfUnused(services, name, before))) removed += 1;
  }
  return removed;
}

async function removeIfUnused(
  { pictures: { storage }, repo }: Services,
  name: string,
  before: number,
): Promise<boolean> {
  if (!(await writtenBefore(storage, name, before))) return false;
  const aside = scratchNameFor(name);
  if (!(await storage.rename(name, aside))) return false;
  const unused =
    (await repo.pictures.referenced([name])).length === 0 &&
    (await writtenBefore(storage, aside, before));
  if (unused) await storage.remove(aside);
  // Undoes the move. Anything written to `name` since has the same content (same name). The aside
  // keeps its time, so another instance's sweep may have removed it as a stale scratch object
  // first: then it was older than the grace, so no upload in flight wrote it (clocks agreeing).
  else await storage.rename(aside, name);
  return unused;
}

/** Whether `name` was last written before `before`; false if it is gone. */
async function writtenBefore(storage: PictureStorage, name: string, before: number) {
  const at = await storage.modifiedAt(name);
  return at !== undefined && at < before;
}

/**
 * Removes what interrupted uploads and quick replacements left in the picture storage: scratch
 * objects and unreferenced pictures, each only once older than the grace, so an upload in progress
 * is never touched. Only names of those two patterns are considered; anything else stays. It walks
 * the storage, never the users: one listing batch per primary-key look-up of the stale pictures
 * in it, so its cost follows the number of objects. The listed time only picks candidates: each
 * picture is looked at again just before it is moved aside.
 */
export async function sweepPictures(services: Services) {
  const { storage } = services.pictures;
  const before = services.now() - PICTURE_GRACE_MS;
  let temps = 0;
  let unreferenced = 0;
  for await (const batch of storage.list(BATCH)) {
    const stale = batch.filter((object) => object.modifiedAt < before).map(({ name }) => name);
    for (const name of stale.filter(isScratchName)) {
      await storage.remove(name);
      temps += 1;
    }
    const pictures = stale.filter((name) => pictureName.safeParse(name).success);
    unreferenced += await removeUnreferencedPictures(services, pictures);
  }
  return { temps, unreferenced };
}
