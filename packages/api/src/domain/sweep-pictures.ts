import { opendir } from 'node:fs/promises';
import { pictureName } from '@acct/schema';
import type { Services } from '../services.ts';

/**
 * How long a picture file is safe from cleanup after it was written. An upload commits its row
 * milliseconds after writing its file; ten minutes also covers a stalled process, a busy database
 * (5 s busy timeout) and modest clock skew between instances that share the directory.
 */
export const PICTURE_GRACE_MS = 10 * 60_000;

/** Names per database look-up while sweeping. */
const BATCH = 500;

/*
 * A picture file is deleted only if no row references its name and it was last written more
 * than PICTURE_GRACE_MS ago, so that an upload that has written its file and not yet committed
 * its row is left alone. Both checks are made again after the file is moved aside (an atomic
 * rename), since an upload may write or commit between the first look and the delete; if either
 * now says keep, the file goes back.
 */

/** Deletes those of `names` that no row references and that were written before the grace. */
export async function removeUnreferencedPictures(services: Services, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  const before = services.now() - PICTURE_GRACE_MS;
  const referenced = new Set(await services.repo.pictures.referenced(names));
  let removed = 0;
  for (const name of names) {
    if (!referenced.has(name) && (await removeIfUnused(services, name, before))) removed += 1;
  }
  return removed;
}

async function removeIfUnused({ pictures, repo }: Services, name: string, before: number): Promise<boolean> {
  if (!(await pictures.writtenBefore(name, before))) return false;
  const aside = await pictures.moveAside(name);
  if (aside === undefined) return false;
  const unused = (await repo.pictures.referenced([name])).length === 0 && (await pictures.writtenBefore(aside, before));
  if (unused) await pictures.removeTemp(aside);
  else await pictures.putBack(aside, name);
  return unused;
}

/**
 * Removes what interrupted uploads and quick replacements left in the pictures directory: temp
 * files and unreferenced pictures, each only once older than the grace, so an upload in progress
 * is never touched. Only names of those two patterns are considered; anything else in the
 * directory stays. It walks the directory, never the users: a batch of names per primary-key
 * look-up, so its cost follows the number of files.
 */
export async function sweepPictures(services: Services) {
  const before = services.now() - PICTURE_GRACE_MS;
  let temps = 0;
  let unreferenced = 0;
  let batch: string[] = [];
  for await (const entry of await opendir(services.pictures.dir)) {
    if (pictureName.safeParse(entry.name).success) {
      batch.push(entry.name);
      if (batch.length === BATCH) {
        unreferenced += await removeUnreferencedPictures(services, batch);
        batch = [];
      }
    } else if (services.pictures.isTemp(entry.name) && (await services.pictures.writtenBefore(entry.name, before))) {
      await services.pictures.removeTemp(entry.name);
      temps += 1;
    }
  }
  unreferenced += await removeUnreferencedPictures(services, batch);
  return { temps, unreferenced };
}
