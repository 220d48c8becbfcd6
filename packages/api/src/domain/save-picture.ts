import { isAccountGone } from '@acct/db';
import type { Services } from '../services.ts';
import type { ProcessedPicture } from './picture.ts';
import { removeUnreferencedPictures } from './sweep-pictures.ts';

/**
 * Stores a processed picture as the user's current one, then deletes the pictures it replaced that
 * nothing references and that are older than the grace; the rest go at a sweep (sweep-pictures.ts
 * says why a replaced file may not simply be deleted).
 */
export async function savePicture(
  services: Services,
  userId: number,
  picture: ProcessedPicture,
): Promise<string> {
  const { pictures, repo } = services;
  const { storage } = pictures;
  const name = pictures.nameFor(userId, picture.data);
  await storage.write(name, picture.data);
  const replaced = await repo.pictures
    .replace({
      name,
      userId,
      bytes: picture.data.byteLength,
      width: picture.width,
      height: picture.height,
      createdAt: services.now(),
    })
    .catch(async (error: unknown) => {
      // The account was erased meanwhile, and its pictures with it: this one goes too.
      // A removal that fails leaves it to the sweep; the answer stays the account's.
      if (isAccountGone(error)) await storage.remove(name).catch(() => undefined);
      throw error;
    });
  // A cleanup elsewhere may have moved the file aside before this commit was visible to it
  // (sweep-pictures.ts): then it is gone, and this upload still has the bytes.
  if ((await storage.modifiedAt(name)) === undefined) await storage.write(name, picture.data);
  await removeUnreferencedPictures(services, replaced);
  return pictures.urlFor(name);
}
